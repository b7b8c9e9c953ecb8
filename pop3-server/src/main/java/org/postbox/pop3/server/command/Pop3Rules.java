package org.postbox.pop3.server.command;

import java.util.Locale;
import java.util.Objects;
import org.postbox.session.EndReason;
import org.postbox.pop3.protocol.InvalidRequest;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.SaslResponse;
import org.postbox.pop3.server.Pop3Observer;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.session.command.Interpretation;
import org.postbox.session.command.ProtocolRules;

/** What POP3 tells the dispatch step: how a line reads in each state, its refusals, its error mapping. */
final class Pop3Rules implements ProtocolRules<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> {

    static final Pop3Reply.Err TOO_MANY_BAD_COMMANDS = Pop3Reply.Err.of("too many bad commands, closing connection");

    private final Pop3Observer observer;

    Pop3Rules(Pop3Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * A line as the state reads it. The decoder reads SASL responses from an AUTH command until
     * the session tells it otherwise, so in AUTHORIZATION_SASL a command line (too long, or not
     * UTF-8) breaks the exchange off, and elsewhere a SASL response is a command the client
     * pipelined behind the end of an exchange (or behind an AUTH refused before its exchange
     * began), read again as one.
     */
    @Override
    public Interpretation<Pop3Request, Pop3Reply> interpret(Pop3Request request, Pop3Session session) {
        if (session.state() == SessionState.AUTHORIZATION_STLS) {
            // The decoder reads nothing after an accepted STLS until the handshake has completed.
            session.startTlsCompleted();
        }
        if (session.state() == SessionState.AUTHORIZATION_SASL) {
            if (request instanceof SaslResponse) {
                return Interpretation.command(request);
            }
            session.abandonSaslExchange();
        }
        Pop3Request line = request instanceof SaslResponse late ? asCommand(late, session) : request;
        if (line instanceof InvalidRequest invalid) {
            return Interpretation.syntaxError(Pop3Reply.Err.of(invalid.reason()));
        }
        return Interpretation.command(line);
    }

    /**
     * Except STLS: the decoder, reading SASL lines, did not stop at it, so lines sent after it in
     * the clear may already be queued, and switching to TLS now would let them run as if they had
     * come under TLS. The client must send it again, as a command line of its own.
     */
    private static Pop3Request asCommand(SaslResponse late, Pop3Session session) {
        session.login().exchangeEnded();
        Pop3Request command = late.asCommand(session.settings().maxLineLength());
        return command instanceof Pop3Command.Stls
                ? new InvalidRequest("STLS", "STLS pipelined behind AUTH is refused; send it again on its own")
                : command;
    }

    @Override
    public Pop3Reply wrongState(Pop3Request command, SessionState state, Pop3Session session) {
        // Only commands can be in the wrong state: a SASL response is read as one outside an exchange.
        String keyword = command instanceof Pop3Command known ? known.keyword() : "a SASL response";
        return Pop3Reply.Err.of(keyword + " is not valid in the " + state.name().toLowerCase(Locale.ROOT) + " state");
    }

    @Override
    public Pop3Reply tooManyBadCommands(Pop3Session session) {
        session.requestClose(EndReason.BAD_COMMANDS);
        return TOO_MANY_BAD_COMMANDS;
    }

    @Override
    public Pop3Reply failure(Throwable failure, Pop3Session session) {
        return ErrorReplies.of(failure, session);
    }

    @Override
    public void answered(Pop3Request request, Pop3Session session, Pop3Reply reply, long nanos) {
        observer.commandAnswered(CommandOutcomes.command(request), CommandOutcomes.result(reply), nanos);
    }
}
