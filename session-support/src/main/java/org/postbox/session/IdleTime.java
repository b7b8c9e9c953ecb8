package org.postbox.session;

import java.time.Duration;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;

/** Sets a connection's idle timeouts, which MINA counts in whole seconds. */
public final class IdleTime {

    private IdleTime() {
    }

    /** Makes {@code io} report {@code status} after {@code timeout}, rounded up to whole seconds. */
    public static void set(IoSession io, IdleStatus status, Duration timeout) {
        io.getConfig().setIdleTime(status, seconds(timeout));
    }

    /** Rounded up, so that a timeout is never shortened; at least one second (0 would turn it off). */
    static int seconds(Duration timeout) {
        long millis = timeout.toMillis();
        long seconds = (millis + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }
}
