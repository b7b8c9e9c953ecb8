package org.postbox.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, the daemon convention for "read your files again" ({@code systemctl reload},
 * {@code kill -HUP}): here it reloads the TLS certificates. Left alone, the JVM would treat
 * SIGHUP like SIGTERM and stop. The JDK has no supported signal API; {@code sun.misc.Signal}
 * (module jdk.unsupported) is the one every JDK since 1.2 ships and keeps for this purpose.
 */
final class HangupSignal {

    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    /** Runs {@code action} on each SIGHUP, on the JVM's signal thread; false if the JVM does not allow it. */
    static boolean onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                LOG.info("SIGHUP received, reloading the TLS certificates");
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("reloading after SIGHUP failed", e);
                }
            });
            return true;
        } catch (IllegalArgumentException e) {
            // E.g. the JVM runs with -Xrs, or on a platform without SIGHUP.
            LOG.warn("SIGHUP cannot be handled ({}); certificate files are still watched", e.getMessage());
            return false;
        }
    }
}
