package org.postbox.pop3.server.command;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.protocol.SaslResponse;
import org.postbox.pop3.server.sasl.SaslExchange;
import org.postbox.pop3.server.sasl.SaslStep;
import org.postbox.pop3.server.session.ExchangeInProgress;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * Turns the steps of a SASL exchange into POP3 replies (RFC 5034 section 4): a challenge becomes
 * {@code + base64} and leaves the exchange waiting in the session; every other step ends it.
 */
final class SaslExchanges {

    static final Pop3Reply.Err CANCELLED = Pop3Reply.Err.of("authentication cancelled");
    static final Pop3Reply.Err MALFORMED = Pop3Reply.Err.of("malformed base64 in the SASL response");

    private final Logins logins;

    SaslExchanges(Logins logins) {
        this.logins = Objects.requireNonNull(logins, "logins");
    }

    /** The reply for {@code step}; run on the session's worker. */
    Pop3Reply reply(SaslStep step, SaslExchange exchange, String method, Pop3Session session) {
        if (step instanceof SaslStep.Challenge challenge) {
            session.awaitSaslResponse(new Waiting(exchange, method, session));
            return Pop3Reply.Continuation.of(challenge.data());
        }
        session.login().exchangeEnded();
        if (step instanceof SaslStep.Authenticated authenticated) {
            return logins.loggedIn(authenticated.address(), method, session);
        }
        if (step instanceof SaslStep.Unavailable unavailable) {
            return logins.unavailable(unavailable.reason(), session);
        }
        if (step instanceof SaslStep.Pop3Disabled disabled) {
            return logins.pop3Disabled(disabled.address(), method, session);
        }
        SaslStep.Failed failed = (SaslStep.Failed) step;
        return logins.failed(session, failed.credentials() ? ErrorReplies.AUTHENTICATION_FAILED
                : new Pop3Reply.Err(ResponseCode.AUTH, failed.reason()));
    }

    /** The reply once {@code next} completes, computed on the session's worker. */
    CompletionStage<Pop3Reply> reply(CompletionStage<SaslStep> next, SaslExchange exchange, String method,
            Pop3Session session) {
        return next.thenApplyAsync(step -> reply(step, exchange, method, session), session.executor());
    }

    /** An exchange between a challenge and the client's answer. */
    private final class Waiting implements ExchangeInProgress {
        private final SaslExchange exchange;
        private final String method;
        private final Pop3Session session;

        Waiting(SaslExchange exchange, String method, Pop3Session session) {
            this.exchange = exchange;
            this.method = method;
            this.session = session;
        }

        @Override
        public CompletionStage<Pop3Reply> respond(SaslResponse response) {
            if (response instanceof SaslResponse.Data data) {
                return reply(exchange.respond(data.data()), exchange, method, session);
            }
            session.login().exchangeEnded();
            Pop3Reply.Err err = response instanceof SaslResponse.Cancel ? CANCELLED : MALFORMED;
            return CompletableFuture.completedFuture(logins.failed(session, err));
        }

        @Override
        public void abandon() {
            session.login().releaseClaim();
        }
    }
}
