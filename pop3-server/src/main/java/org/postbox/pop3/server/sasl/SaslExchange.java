package org.postbox.pop3.server.sasl;

import java.util.concurrent.CompletionStage;

/**
 * One SASL exchange in progress (RFC 4422 section 3): challenges out, responses in, until it
 * ends in {@link SaslStep.Authenticated}, {@link SaslStep.Failed} or {@link SaslStep.Unavailable}.
 * Used by one session, one call at a time.
 */
public interface SaslExchange {

    /**
     * Whether the client may put its first response on the {@code AUTH} line (RFC 5034). Not for
     * mechanisms where the server speaks first, such as CRAM-MD5.
     */
    default boolean acceptsInitialResponse() {
        return true;
    }

    /** The server's first challenge when {@code AUTH} came without an initial response. */
    default SaslStep begin() {
        return new SaslStep.Challenge(new byte[0]);
    }

    /** Takes the client's next response (the initial response first, if there was one). */
    CompletionStage<SaslStep> respond(byte[] response);
}
