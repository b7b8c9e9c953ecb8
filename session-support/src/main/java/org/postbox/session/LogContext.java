package org.postbox.session;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The SLF4J MDC entries of one session ({@value #SESSION_KEY} and {@value #REMOTE_KEY}, the same
 * for every listener), put on whatever thread currently works for the session and removed again
 * afterwards, so every log line of a session carries them, including the store's.
 */
public final class LogContext {

    public static final String SESSION_KEY = "session";
    public static final String REMOTE_KEY = "remote";

    private final String sessionId;
    private final String remote;

    public LogContext(String sessionId, String remote) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    /** The session's id, as every log line of the session shows it. */
    public String sessionId() {
        return sessionId;
    }

    /** The client's address as log lines show it ({@code ip:port}, or the PROXY header's client). */
    public String remote() {
        return remote;
    }

    /** An address as {@code ip:port}, {@code [ipv6]:port} for IPv6, in RFC 5952's form ({@code [::1]:110}). */
    public static String describe(InetSocketAddress address) {
        return Rfc5952.format(address);
    }

    /** Runs {@code task} on this thread with the session's entries in the MDC, then restores it. */
    void run(Runnable task) {
        // Not through call(): this runs for every network event and every turn of steps, and an
        // adapter to a Supplier would be one more object each time.
        String previousSession = MDC.get(SESSION_KEY);
        String previousRemote = MDC.get(REMOTE_KEY);
        enter();
        try {
            task.run();
        } finally {
            leave(previousSession, previousRemote);
        }
    }

    /** Computes {@code task} on this thread with the session's entries in the MDC, then restores it. */
    public <T> T call(Supplier<T> task) {
        String previousSession = MDC.get(SESSION_KEY);
        String previousRemote = MDC.get(REMOTE_KEY);
        enter();
        try {
            return task.get();
        } finally {
            leave(previousSession, previousRemote);
        }
    }

    /**
     * An executor that runs each task on {@code delegate} inside this context. When
     * {@code delegate} refuses a task (a full {@link WorkerPool}), so does this executor: the
     * caller may be a network thread, which must never do a task's store work itself.
     */
    public Executor wrap(Executor delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return task -> delegate.execute(() -> run(task));
    }

    private void enter() {
        MDC.put(SESSION_KEY, sessionId);
        MDC.put(REMOTE_KEY, remote);
    }

    private static void leave(String previousSession, String previousRemote) {
        restore(SESSION_KEY, previousSession);
        restore(REMOTE_KEY, previousRemote);
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
