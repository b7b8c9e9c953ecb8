package org.postbox.pop3.server.command;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.InvalidRequest;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.SaslResponse;
import org.postbox.pop3.server.session.ExchangeInProgress;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * Where a client line goes while the decoder may be reading SASL responses (RFC 5034 section 4):
 * to the exchange that waits for it; or, when no exchange waits (the client pipelined a command
 * behind its last response), back to the command it was. A command line arriving while an
 * exchange waits (an over-long or undecodable line) abandons the exchange.
 */
final class SaslLines {

    private SaslLines() {
    }

    /** The reply of the waiting exchange, when {@code request} answers one. */
    static Optional<CompletionStage<Pop3Reply>> answer(Pop3Request request, Pop3Session session) {
        if (!(request instanceof SaslResponse response)) {
            return Optional.empty();
        }
        Optional<ExchangeInProgress> exchange = session.login().takeExchange();
        if (exchange.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(exchange.get().respond(response));
        } catch (RuntimeException failure) {
            session.login().exchangeEnded();
            return Optional.of(CompletableFuture.failedFuture(failure));
        }
    }

    /**
     * {@code request} as a command: a SASL line that no exchange waited for is read again as one.
     * Except STLS: the decoder, reading SASL lines, did not stop at it, so lines sent after it in
     * the clear may already be queued, and switching to TLS now would let them run as if they had
     * come under TLS. The client must send it again, as a command line of its own.
     */
    static Pop3Request asCommand(Pop3Request request, Pop3Session session) {
        if (request instanceof SaslResponse response) {
            session.login().exchangeEnded();
            Pop3Request command = response.asCommand(session.settings().maxLineLength());
            return command instanceof Pop3Command.Stls
                    ? new InvalidRequest("STLS", "STLS pipelined behind AUTH is refused; send it again on its own")
                    : command;
        }
        if (session.login().exchangeInProgress()) {
            session.login().takeExchange().ifPresent(ExchangeInProgress::abandon);
            session.login().exchangeEnded();
        }
        return request;
    }
}
