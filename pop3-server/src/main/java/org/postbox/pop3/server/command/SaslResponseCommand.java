package org.postbox.pop3.server.command;

import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.SaslResponse;
import org.postbox.pop3.server.session.ExchangeInProgress;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * The client's answer to an AUTH challenge (RFC 5034 section 4), valid only in
 * AUTHORIZATION_SASL: the waiting exchange takes it and replies with its next challenge or the end
 * of the exchange ({@code *} cancels it).
 *
 * <pre>
 * C: AUTH PLAIN
 * S: +
 * C: AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==
 * S: +OK alice@example.com has 2 messages (320 octets)
 * </pre>
 */
final class SaslResponseCommand implements CommandHandler<SaslResponse> {

    @Override
    public CompletionStage<Pop3Reply> handle(SaslResponse response, Pop3Session session) {
        ExchangeInProgress exchange = session.takeSaslExchange();
        try {
            return exchange.respond(response);
        } catch (RuntimeException failure) {
            // The exchange is over, however it failed: the client's next line is a command.
            session.login().exchangeEnded();
            throw failure;
        }
    }
}
