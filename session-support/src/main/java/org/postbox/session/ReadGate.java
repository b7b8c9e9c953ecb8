package org.postbox.session;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * Suspends reading a connection while any reason to hold it applies, and resumes it when none
 * is left. MINA's suspend and resume are a single switch; this counts, so that two reasons never
 * undo each other.
 */
final class ReadGate {

    enum Reason {
        /** The session has too much input queued: the client pipelines faster than the session works. */
        BACKLOG,
        /**
         * The decoder holds what follows an input until the session has handled it, because that
         * decides how the rest is read (LMTP's DATA: message text or more commands).
         */
        DECISION,
        /** The client closed its sending side; this hold is never released. */
        END_OF_INPUT
    }

    private final IoSession io;
    private final int[] holds = new int[Reason.values().length];
    private int total;

    ReadGate(IoSession io) {
        this.io = io;
    }

    /** Called from the I/O thread, or from a worker (LMTP decodes held input on one). */
    void hold(Reason reason) {
        synchronized (this) {
            holds[reason.ordinal()]++;
            if (total++ > 0) {
                return;
            }
            io.suspendRead();
        }
        reapplyOnIoThread();
    }

    /** Called from worker threads; the connection is read again at once when no hold is left. */
    void release(Reason reason) {
        synchronized (this) {
            if (holds[reason.ordinal()] == 0) {
                throw new IllegalStateException("read gate released for " + reason + " without a hold");
            }
            holds[reason.ordinal()]--;
            if (--total > 0) {
                return;
            }
            io.resumeRead();
        }
        reapplyOnIoThread();
    }

    /**
     * MINA 2.2's suspendRead and resumeRead change the selection key's interest set directly on
     * the calling thread, by read-modify-write, without waking the selector. From a worker that
     * races with the I/O thread's own changes (it clears write interest after each flush), which
     * can lose the read interest for good, and a sleeping selector would notice a change only at
     * its next wake-up anyway. Queueing the session for traffic control makes the I/O thread
     * wake up and set both interests again from the session's flags, after any change made here.
     * Only connections of a {@link SessionListener} can be reached so; every session is one.
     */
    private void reapplyOnIoThread() {
        if (io instanceof NioSession session && session.getProcessor() instanceof NioProcessorGroup group) {
            group.reapplyInterest(session);
        }
    }
}
