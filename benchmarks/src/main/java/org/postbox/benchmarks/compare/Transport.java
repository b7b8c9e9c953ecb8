package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The octets of one connection, in the clear or through TLS, without blocking. */
sealed interface Transport permits PlainTransport, TlsTransport {

    /**
     * Moves what has arrived into {@code appIn} (in fill mode); returns the application octets
     * added, 0 when nothing more is available now, -1 at the end of the stream.
     */
    int read(ByteBuffer appIn) throws IOException;

    /**
     * Sends as much of {@code appOut} (in drain mode) as the socket takes now; returns false when
     * the socket took less than was ready, so the caller should wait until it is writable. Octets
     * that cannot go yet for another reason (a TLS handshake waiting for the server) stay in
     * {@code appOut} for the next call.
     */
    boolean write(ByteBuffer appOut) throws IOException;
}
