package org.postbox.pop3.server.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * LOGIN (draft-murchison-sasl-login): the server asks {@code Username:}, then {@code Password:}.
 * Obsolete but still what many mail clients offer; the user name may come as the initial response.
 *
 * <pre>
 * C: AUTH LOGIN
 * S: + VXNlcm5hbWU6
 * C: YWxpY2VAZXhhbXBsZS5jb20=
 * S: + UGFzc3dvcmQ6
 * C: c2VjcmV0
 * S: +OK ...
 * </pre>
 */
final class LoginMechanism implements SaslMechanism {

    static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public boolean sendsReusableSecret() {
        return true;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new SaslExchange() {
            private String user;

            @Override
            public SaslStep begin() {
                return new SaslStep.Challenge(USERNAME);
            }

            @Override
            public CompletionStage<SaslStep> respond(byte[] response) {
                Optional<String> text = Utf8.decode(response);
                if (text.isEmpty() || text.get().isEmpty() || text.get().indexOf('\0') >= 0) {
                    return Steps.malformed("LOGIN");
                }
                if (user == null) {
                    user = text.get();
                    return Steps.now(new SaslStep.Challenge(PASSWORD));
                }
                return context.checkPassword(context.mailbox(user), context.password(text.get()), name())
                        .thenApply(Steps::of);
            }
        };
    }
}
