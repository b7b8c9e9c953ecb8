package org.postbox.pop3.protocol.proxy;

import java.util.Objects;

/** The outcome of {@link ProxyHeaderParser#parse}: more octets needed, a header, or a refusal. */
public sealed interface ProxyHeaderResult {

    /** What arrived so far is a valid beginning; wait for more. */
    record Incomplete() implements ProxyHeaderResult {
    }

    /**
     * A whole header.
     *
     * @param header the header
     * @param length the octets it took; what follows them is the client's own data
     */
    record Complete(ProxyHeader header, int length) implements ProxyHeaderResult {
        public Complete {
            Objects.requireNonNull(header, "header");
        }
    }

    /** Not a valid PROXY protocol header; {@code reason} is for the log, never for the peer. */
    record Invalid(String reason) implements ProxyHeaderResult {
    }
}
