package org.postbox.pop3.protocol.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a HAProxy PROXY protocol header (version 1 or 2) says about the connection it precedes.
 *
 * @param version     1 (text) or 2 (binary)
 * @param source      the real client's address and port; empty when the header carries none
 *                    ({@code PROXY UNKNOWN}, a version 2 {@code LOCAL} health check, an
 *                    unspecified or UNIX-socket address family): the connection's own peer then
 *                    stands for the client
 * @param destination the address the client connected to, when the header carries one
 */
public record ProxyHeader(int version, Optional<InetSocketAddress> source, Optional<InetSocketAddress> destination) {

    public ProxyHeader {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("PROXY protocol version must be 1 or 2, got " + version);
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }
}
