package org.postbox.pop3.server.command;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.sasl.SaslExchange;
import org.postbox.pop3.server.sasl.SaslMechanism;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code AUTH mechanism [initial-response]} (RFC 5034 section 4). Only the mechanisms that CAPA
 * lists for this session right now: the listener's, minus those that send a reusable secret where
 * plaintext logins are not allowed. A challenge puts the session in AUTHORIZATION_SASL, where the
 * client's next line is a SASL response for {@link SaslResponseCommand}; {@link SaslExchanges}
 * turns the exchange's steps into replies.
 *
 * <pre>
 * C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==
 * S: +OK alice@example.com has 2 messages (320 octets)
 * </pre>
 */
final class AuthCommand implements CommandHandler<Pop3Command.Auth> {

    static final Pop3Reply.Err UNKNOWN_MECHANISM = Pop3Reply.Err.of("unsupported authentication mechanism; CAPA lists them");

    private final Authenticator authenticator;
    private final SaslExchanges exchanges;

    AuthCommand(Authenticator authenticator, SaslExchanges exchanges) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
    }

    @Override
    public CompletionStage<Pop3Reply> handle(Pop3Command.Auth command, Pop3Session session) {
        session.forgetUser();
        // The decoder switched to SASL lines when it read AUTH; unless a challenge follows, switch back.
        session.login().exchangeEnded();
        Optional<SaslMechanism> mechanism = session.login().policy().mechanisms().named(command.mechanism());
        if (mechanism.isEmpty()) {
            return done(UNKNOWN_MECHANISM);
        }
        if (mechanism.get().sendsReusableSecret() && !session.plaintextAllowed()) {
            return done(PlaintextPermitted.REFUSED);
        }
        SaslExchange exchange = mechanism.get().start(new SessionSaslContext(session, authenticator));
        String method = mechanism.get().name();
        if (command.initialResponse().isEmpty()) {
            return done(exchanges.reply(exchange.begin(), exchange, method, session));
        }
        if (!exchange.acceptsInitialResponse()) {
            return done(Pop3Reply.Err.of(method + " does not take an initial response"));
        }
        String text = command.initialResponse().get();
        // The parser has checked the base64; "=" is RFC 5034's empty initial response.
        byte[] initial = text.equals("=") ? new byte[0] : Base64.getDecoder().decode(text);
        return exchanges.reply(exchange.respond(initial), exchange, method, session);
    }

    private static CompletionStage<Pop3Reply> done(Pop3Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
