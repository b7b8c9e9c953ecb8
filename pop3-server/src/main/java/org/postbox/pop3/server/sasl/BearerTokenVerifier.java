package org.postbox.pop3.server.sasl;

/**
 * Checks an OAuth 2.0 bearer token (RFC 6750) for OAUTHBEARER and XOAUTH2 and tells whose it is.
 * Must be cheap enough to run on a session worker (a signature check, no network round trip
 * per login).
 */
@FunctionalInterface
public interface BearerTokenVerifier {

    Verdict verify(String token);

    /** The outcome of one check. */
    sealed interface Verdict {
        /** A valid token for {@code user} (the configured claim's value). */
        record Valid(String user) implements Verdict {
        }

        /** Not acceptable; {@code reason} is for the log only. */
        record Invalid(String reason) implements Verdict {
        }
    }
}
