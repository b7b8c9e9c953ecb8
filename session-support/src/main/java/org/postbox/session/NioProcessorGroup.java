package org.postbox.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * The I/O threads of one listener: a fixed set of MINA processors, each connection served by the
 * one its id picks, for its whole life. MINA's own pool does the same but hides which processor
 * serves a connection, and {@link ReadGate} must reach that processor to have interest
 * re-applied on its thread.
 */
final class NioProcessorGroup implements IoProcessor<NioSession> {

    private final ExecutorService threads;
    private final NioProcessor[] processors;

    /** @param size how many I/O threads; each runs one processor's selector loop */
    NioProcessorGroup(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an I/O thread group needs at least one thread, got " + size);
        }
        // MINA names each thread after its processor while the processor runs on it.
        threads = Executors.newFixedThreadPool(size);
        processors = new NioProcessor[size];
        for (int i = 0; i < size; i++) {
            processors[i] = new NioProcessor(threads);
        }
    }

    /**
     * Has the thread of {@code session}'s processor set its read and write interest again from
     * the session's flags, and wakes that thread so that it does so now.
     */
    void reapplyInterest(NioSession session) {
        processorOf(session).updateTrafficMask(session);
    }

    @Override
    public void add(NioSession session) {
        processorOf(session).add(session);
    }

    @Override
    public void flush(NioSession session) {
        processorOf(session).flush(session);
    }

    @Override
    public void write(NioSession session, WriteRequest writeRequest) {
        processorOf(session).write(session, writeRequest);
    }

    @Override
    public void updateTrafficControl(NioSession session) {
        processorOf(session).updateTrafficControl(session);
    }

    @Override
    public void remove(NioSession session) {
        processorOf(session).remove(session);
    }

    @Override
    public boolean isDisposing() {
        for (NioProcessor processor : processors) {
            if (processor.isDisposing()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isDisposed() {
        for (NioProcessor processor : processors) {
            if (!processor.isDisposed()) {
                return false;
            }
        }
        return true;
    }

    /** Stops every processor (each waits for its loop to end), then the threads. */
    @Override
    public void dispose() {
        try {
            for (NioProcessor processor : processors) {
                processor.dispose();
            }
        } finally {
            threads.shutdown();
        }
    }

    /**
     * MINA's processor, except that setting a connection's interest again from its flags keeps
     * write interest while a write is under way. MINA 2.2 derives write interest from the write
     * queue alone, but a write the socket could only partly take is no longer in that queue (it is
     * the connection's current write). Re-applying interest then, as {@link ReadGate} does when it
     * holds or releases reading, dropped write interest: the rest of the reply was never sent, and
     * with reading held too (a client that half-closed during a long RETR) the selector no longer
     * watched the connection at all, so not even its reset was seen and the session kept its
     * maildrop locked until the idle timeout.
     *
     * <p>Named as MINA's own class on purpose: MINA names each I/O thread after its processor's
     * simple class name, and logs, thread dumps and tests know them as {@code NioProcessor-n}.
     */
    private static final class NioProcessor extends org.apache.mina.transport.socket.nio.NioProcessor {

        NioProcessor(ExecutorService threads) {
            super(threads);
        }

        @Override
        public void updateTrafficControl(NioSession session) {
            super.updateTrafficControl(session);
            if (session.getCurrentWriteRequest() != null && !session.isWriteSuspended()) {
                try {
                    setInterestedInWrite(session, true);
                } catch (Exception e) {
                    session.getFilterChain().fireExceptionCaught(e);
                }
            }
        }
    }

    /** Ids are handed out in sequence, so consecutive connections land on different threads. */
    private NioProcessor processorOf(NioSession session) {
        return processors[(int) Math.floorMod(session.getId(), (long) processors.length)];
    }
}
