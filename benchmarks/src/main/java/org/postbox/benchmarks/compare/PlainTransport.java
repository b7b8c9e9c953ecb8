package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Clear text: the socket's octets as they are. */
record PlainTransport(SocketChannel channel) implements Transport {

    @Override
    public int read(ByteBuffer appIn) throws IOException {
        return channel.read(appIn);
    }

    @Override
    public boolean write(ByteBuffer appOut) throws IOException {
        channel.write(appOut);
        return !appOut.hasRemaining();
    }
}
