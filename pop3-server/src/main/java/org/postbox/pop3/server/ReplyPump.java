package org.postbox.pop3.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ReplyChunks;
import org.postbox.pop3.server.command.ErrorReplies;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.session.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes replies of one session to the network with back-pressure. Chunks are produced (and the
 * store read) on worker threads only, and only while the session's scheduled write bytes are
 * under {@link #HIGH_WATER_BYTES}; above it the pump parks on the last write's future and
 * resumes on a worker when the network has taken the data (a session parked so waits for its
 * client: an idle timeout hangs up). So a session holds at most about the high-water mark plus
 * one chunk, whatever the size of the message or listing.
 *
 * <p>Used by one reply at a time (the session engine serialises replies).
 */
final class ReplyPump {

    /** Bytes queued for the socket above which production pauses. */
    static final long HIGH_WATER_BYTES = 128 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ReplyPump.class);

    /** How the pump parks: runs {@code then} on a worker once {@code write} is done. */
    @FunctionalInterface
    interface NetworkWait {
        void resumeAfter(WriteFuture write, Runnable then);
    }

    private final IoSession io;
    private final Pop3Session session;
    private final NetworkWait networkWait;
    private WriteFuture lastWrite;
    /**
     * Octets handed to the session and not yet written to the socket. The session's scheduled
     * write bytes miss what a TLS filter holds back before encrypting (MINA's SslFilter keeps a
     * few records in flight and queues the rest, refusing more than 64 writes), so the pump
     * counts for itself.
     */
    private final AtomicLong unwritten = new AtomicLong();
    /** The reply on its way out, until it has been handed over or abandoned. */
    private volatile Transfer current;

    ReplyPump(IoSession io, Pop3Session session, NetworkWait networkWait) {
        this.io = io;
        this.session = session;
        this.networkWait = networkWait;
    }

    /**
     * Starts writing {@code reply}; calls {@code whenHandedOver} exactly once, on a worker, when the
     * last chunk has been passed to the session (or the transfer was abandoned because the
     * connection closed). Must be called on a worker.
     */
    void write(Pop3Reply reply, Runnable whenHandedOver) {
        ReplyChunks chunks;
        try {
            chunks = ReplyChunks.of(reply);
        } catch (RuntimeException failure) {
            closeQuietly(reply);
            throw failure;
        }
        new Transfer(chunks, whenHandedOver).pump();
    }

    /** True while a reply is partly written: its first octets are out, its last are not. */
    boolean replyStarted() {
        Transfer transfer = current;
        return transfer != null && transfer.started;
    }

    /**
     * Gives up a reply that waits for the network, if any, and closes what it reads (a message's
     * content): for the session's clean-up, when the worker pool refused the step that was to go on
     * with it. A reply being produced right now is left alone; it sees the connection closed.
     */
    void abandon() {
        Transfer transfer = current;
        if (transfer != null && transfer.waiting) {
            current = null;
            transfer.chunks.close();
        }
    }

    /**
     * Runs {@code action} once everything written so far has reached the socket (at once when it
     * has, else on the network thread that completes the last write).
     */
    void afterLastWrite(Runnable action) {
        WriteFuture last = lastWrite;
        if (last == null || last.isDone()) {
            action.run();
        } else {
            last.addListener(written -> action.run());
        }
    }

    private long queuedBytes() {
        return Math.max(io.getScheduledWriteBytes(), unwritten.get());
    }

    private static void closeQuietly(Pop3Reply reply) {
        if (reply instanceof Pop3Reply.Message message) {
            try {
                message.content().close();
            } catch (IOException | RuntimeException ignored) {
                // Nothing more can be done about a stream that fails to close.
            }
        }
    }

    /** One reply on its way out. */
    private final class Transfer {
        private final ReplyChunks chunks;
        private final Runnable whenHandedOver;
        private volatile boolean started;
        /** Parked until the network has taken what was written. */
        private volatile boolean waiting;

        Transfer(ReplyChunks chunks, Runnable whenHandedOver) {
            this.chunks = chunks;
            this.whenHandedOver = whenHandedOver;
            current = this;
        }

        void pump() {
            waiting = false;
            try {
                while (true) {
                    if (io.isClosing() || !io.isConnected()) {
                        finish();
                        return;
                    }
                    WriteFuture pending = lastWrite;
                    if (pending != null && !pending.isDone() && queuedBytes() >= HIGH_WATER_BYTES) {
                        waiting = true;
                        networkWait.resumeAfter(pending, this::pump);
                        return;
                    }
                    IoBuffer chunk = chunks.next();
                    if (chunk == null) {
                        finish();
                        return;
                    }
                    started = true;
                    int size = chunk.remaining();
                    session.addOctetsOut(size);
                    unwritten.addAndGet(size);
                    lastWrite = io.write(chunk);
                    // Also when the write fails or the connection closes: the octets are no longer queued.
                    lastWrite.addListener(done -> unwritten.addAndGet(-size));
                }
            } catch (IOException | RuntimeException failure) {
                chunks.close();
                if (!started) {
                    // Nothing of this reply is on the wire yet: the client can still get a proper -ERR.
                    new Transfer(ReplyChunks.of(ErrorReplies.of(failure, session)), whenHandedOver).pump();
                    return;
                }
                // The +OK line is out; an -ERR now would be read as message text. Only closing is honest.
                LOG.warn("reply aborted after it started, closing the connection: {}", failure.toString());
                session.requestClose(EndReason.ERROR);
                io.closeNow();
                handOver();
            }
        }

        private void finish() {
            chunks.close();
            handOver();
        }

        private void handOver() {
            if (current == this) {
                current = null;
            }
            whenHandedOver.run();
        }
    }
}
