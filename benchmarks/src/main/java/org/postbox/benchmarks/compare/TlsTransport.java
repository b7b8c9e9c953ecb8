package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Implicit TLS (POP3S) on a non-blocking socket through an {@link SSLEngine}. The handshake's
 * delegated tasks run inline, on the load generator's thread, so their cost is counted as the
 * client's. Handshake records are produced by the same {@link #write} that sends commands, which
 * the connection calls after every read.
 */
final class TlsTransport implements Transport {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Records received and not yet unwrapped, in fill mode. */
    private final ByteBuffer netIn;
    /** Records wrapped and not yet sent, in drain mode. */
    private final ByteBuffer netOut;
    private final int appPacket;

    TlsTransport(SocketChannel channel, SSLEngine engine) throws SSLException {
        this.channel = channel;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        this.appPacket = engine.getSession().getApplicationBufferSize();
        engine.beginHandshake();
    }

    @Override
    public int read(ByteBuffer appIn) throws IOException {
        int received = channel.read(netIn);
        int produced = 0;
        netIn.flip();
        try {
            while (appIn.remaining() >= appPacket) {
                SSLEngineResult result = engine.unwrap(netIn, appIn);
                runTasks();
                produced += result.bytesProduced();
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return produced > 0 ? produced : -1;
                }
                if (result.getStatus() != SSLEngineResult.Status.OK
                        || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    break;
                }
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    write(NOTHING);
                }
            }
        } finally {
            netIn.compact();
        }
        return produced == 0 && received < 0 ? -1 : produced;
    }

    @Override
    public boolean write(ByteBuffer appOut) throws IOException {
        while (true) {
            channel.write(netOut);
            if (netOut.hasRemaining()) {
                return false;
            }
            HandshakeStatus handshake = engine.getHandshakeStatus();
            boolean handshaking = handshake != HandshakeStatus.NOT_HANDSHAKING && handshake != HandshakeStatus.FINISHED;
            if (handshake == HandshakeStatus.NEED_UNWRAP || !handshaking && !appOut.hasRemaining()) {
                return true; // nothing can be sent until the server's records arrive, or nothing is left
            }
            netOut.compact();
            SSLEngineResult result;
            try {
                result = engine.wrap(appOut, netOut);
            } finally {
                netOut.flip();
            }
            runTasks();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                return true;
            }
            if (result.bytesProduced() == 0 && result.bytesConsumed() == 0) {
                return true;
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
