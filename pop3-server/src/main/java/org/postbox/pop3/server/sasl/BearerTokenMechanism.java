package org.postbox.pop3.server.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAUTHBEARER (RFC 7628) and XOAUTH2: the client sends an OAuth 2.0 bearer token, which a
 * {@link BearerTokenVerifier} checks and maps to a user; the mailbox must exist. A refused token
 * gets the mechanism's error challenge (a JSON status), which the client acknowledges before the
 * final {@code -ERR} (RFC 7628 section 3.2.3):
 *
 * <pre>
 * C: AUTH OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB
 * S: + eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=
 * C: AQ==
 * S: -ERR [AUTH] authentication failed
 * </pre>
 */
final class BearerTokenMechanism implements SaslMechanism {

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenMechanism.class);

    private final String name;
    private final Function<byte[], Optional<BearerMessages.BearerRequest>> parser;
    private final byte[] errorChallenge;
    private final BearerTokenVerifier verifier;

    private BearerTokenMechanism(String name, Function<byte[], Optional<BearerMessages.BearerRequest>> parser,
            String errorJson, BearerTokenVerifier verifier) {
        this.name = name;
        this.parser = parser;
        this.errorChallenge = errorJson.getBytes(StandardCharsets.US_ASCII);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    static BearerTokenMechanism oauthBearer(BearerTokenVerifier verifier) {
        return new BearerTokenMechanism("OAUTHBEARER", BearerMessages::oauthBearer, "{\"status\":\"invalid_token\"}", verifier);
    }

    static BearerTokenMechanism xoauth2(BearerTokenVerifier verifier) {
        return new BearerTokenMechanism("XOAUTH2", BearerMessages::xoauth2, "{\"status\":\"401\",\"schemes\":\"bearer\"}",
                verifier);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean sendsReusableSecret() {
        // A bearer token is as good as a password to whoever reads it.
        return true;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new SaslExchange() {
            private boolean errorSent;

            @Override
            public CompletionStage<SaslStep> respond(byte[] response) {
                if (errorSent) {
                    // Whatever the client says now (RFC 7628 wants 0x01), the attempt has failed already.
                    return Steps.now(SaslStep.Failed.wrongCredentials());
                }
                Optional<BearerMessages.BearerRequest> request = parser.apply(response);
                if (request.isEmpty()) {
                    return Steps.malformed(name);
                }
                Optional<MailboxAddress> named = request.get().user().flatMap(context::mailbox);
                BearerTokenVerifier.Verdict verdict = verifier.verify(request.get().token());
                if (verdict instanceof BearerTokenVerifier.Verdict.Invalid invalid) {
                    LOG.info("{} token refused: {}", name, invalid.reason());
                    return refuse(named, Optional.empty());
                }
                String user = ((BearerTokenVerifier.Verdict.Valid) verdict).user();
                Optional<MailboxAddress> mailbox = context.mailbox(user);
                if (mailbox.isEmpty() || request.get().user().isPresent() && !named.equals(mailbox)) {
                    LOG.info("{} token for '{}' does not name the mailbox the client asked for", name, user);
                    // The log names whom the client asked for, and whom the token was for.
                    return refuse(request.get().user().isPresent() ? named : mailbox, mailbox);
                }
                return context.lookUp(mailbox.get()).thenComposeAsync(lookup -> {
                    if (lookup instanceof Lookup.Unavailable unavailable) {
                        return Steps.now(new SaslStep.Unavailable(unavailable.reason()));
                    }
                    if (lookup instanceof Lookup.Found) {
                        return context.conclude(mailbox, mailbox, true, name).thenApply(Steps::of);
                    }
                    return refuse(mailbox, mailbox);
                }, context.executor());
            }

            private CompletionStage<SaslStep> refuse(Optional<MailboxAddress> asked, Optional<MailboxAddress> tokenUser) {
                return context.conclude(asked, tokenUser, false, name).thenApply(result -> {
                    if (result instanceof AuthResult.Failure) {
                        errorSent = true;
                        return new SaslStep.Challenge(errorChallenge);
                    }
                    return Steps.of(result);
                });
            }
        };
    }
}
