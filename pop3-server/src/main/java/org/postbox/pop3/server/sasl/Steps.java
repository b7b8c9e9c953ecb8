package org.postbox.pop3.server.sasl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.server.Authenticator.AuthResult;

/** Small shared pieces of the mechanisms. */
final class Steps {

    private Steps() {
    }

    /** The step an authenticator's verdict leads to when nothing follows it. */
    static SaslStep of(AuthResult result) {
        if (result instanceof AuthResult.Success success) {
            return new SaslStep.Authenticated(success.address());
        }
        if (result instanceof AuthResult.Unavailable unavailable) {
            return new SaslStep.Unavailable(unavailable.reason());
        }
        if (result instanceof AuthResult.Pop3Disabled disabled) {
            return new SaslStep.Pop3Disabled(disabled.address());
        }
        return SaslStep.Failed.wrongCredentials();
    }

    static CompletionStage<SaslStep> now(SaslStep step) {
        return CompletableFuture.completedFuture(step);
    }

    static CompletionStage<SaslStep> malformed(String mechanism) {
        return now(SaslStep.Failed.protocol("malformed " + mechanism + " response"));
    }
}
