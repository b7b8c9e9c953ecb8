package org.postbox.config;

import java.util.List;

/**
 * The keys of the worker pools: {@code limits.worker-threads} and {@code limits.worker-queue} for
 * POP3 (whose limits the {@code limits:} section holds), {@code lmtp.worker-threads} and
 * {@code lmtp.worker-queue} for LMTP. Their defaults follow the connection limits of the listeners
 * of each kind. Read by {@link PostboxConfig}, kept apart so that its parts stay short.
 */
final class WorkerKeys {

    static final int MAX_THREADS = 10_000;
    static final int MAX_QUEUE = 10_000_000;

    private WorkerKeys() {
    }

    /**
     * @param limits the {@code limits:} section, whose keys are read here and checked by the caller
     * @param lmtp   the {@code lmtp:} section, whose keys are all read here
     */
    static WorkersConfig read(ConfigNode limits, ConfigNode lmtp, List<ListenerConfig> listeners,
            int pop3MaxConnections) {
        WorkersConfig defaults = defaults(listeners, pop3MaxConnections);
        WorkersConfig workers = new WorkersConfig(pool(limits, defaults.pop3()), pool(lmtp, defaults.lmtp()));
        lmtp.rejectUnknownKeys();
        return workers;
    }

    /**
     * Pools sized for the connections the listeners of each kind admit together: {@code limits.max-connections}
     * per POP3 listener, each LMTP listener's own {@code max-connections}.
     */
    static WorkersConfig defaults(List<ListenerConfig> listeners, int pop3MaxConnections) {
        long pop3Connections = 0;
        long lmtpConnections = 0;
        for (ListenerConfig listener : listeners) {
            if (listener.isLmtp()) {
                lmtpConnections += listener.lmtp().orElseThrow().maxConnections();
            } else {
                pop3Connections += pop3MaxConnections;
            }
        }
        return new WorkersConfig(WorkerPoolConfig.sizedFor(pop3Connections),
                WorkerPoolConfig.sizedFor(lmtpConnections == 0 ? LmtpListenerConfig.DEFAULT_MAX_CONNECTIONS : lmtpConnections));
    }

    private static WorkerPoolConfig pool(ConfigNode section, WorkerPoolConfig defaults) {
        return new WorkerPoolConfig(
                section.integer("worker-threads", defaults.threads(), 1, MAX_THREADS),
                section.integer("worker-queue", defaults.queue(), 1, MAX_QUEUE));
    }
}
