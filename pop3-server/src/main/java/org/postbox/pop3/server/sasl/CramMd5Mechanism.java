package org.postbox.pop3.server.sasl;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.Authenticator.Lookup;

/**
 * CRAM-MD5 (RFC 2195): the server sends a unique challenge, the client answers with its name and
 * HMAC-MD5(password, challenge). Only for accounts stored as {@code {CRAM-MD5}} or {@code {PLAIN}},
 * and off unless configured: MD5 is weak and the stored form is as good as the password.
 *
 * <pre>
 * C: AUTH CRAM-MD5
 * S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
 * C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
 * S: +OK ...
 * </pre>
 */
final class CramMd5Mechanism implements SaslMechanism {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public boolean sendsReusableSecret() {
        return false;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        byte[] challenge = ("<" + Long.toUnsignedString(random.nextLong()) + "." + System.currentTimeMillis() + "@postbox>")
                .getBytes(StandardCharsets.US_ASCII);
        return new SaslExchange() {
            @Override
            public boolean acceptsInitialResponse() {
                return false;
            }

            @Override
            public SaslStep begin() {
                return new SaslStep.Challenge(challenge);
            }

            @Override
            public CompletionStage<SaslStep> respond(byte[] response) {
                Optional<CramMd5Answer> answer = CramMd5Answer.parse(response);
                if (answer.isEmpty()) {
                    return Steps.malformed("CRAM-MD5");
                }
                Optional<MailboxAddress> mailbox = context.mailbox(answer.get().user());
                if (mailbox.isEmpty()) {
                    return context.conclude(mailbox, false, name()).thenApply(Steps::of);
                }
                return context.lookUp(mailbox.get()).thenComposeAsync(lookup -> {
                    if (lookup instanceof Lookup.Unavailable unavailable) {
                        return Steps.now(new SaslStep.Unavailable(unavailable.reason()));
                    }
                    boolean verified = lookup instanceof Lookup.Found found
                            && found.secret().cramMd5Verifies(challenge, answer.get().digest());
                    return context.conclude(mailbox, verified, name()).thenApply(Steps::of);
                }, context.executor());
            }
        };
    }
}
