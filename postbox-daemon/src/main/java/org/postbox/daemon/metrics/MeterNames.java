package org.postbox.daemon.metrics;

import java.time.Duration;

/**
 * The names of Postbox's own meters and their histogram buckets, in one place; README's
 * Monitoring section lists them as Prometheus spells them (dots become underscores, counters end
 * in {@code _total}, timers in {@code _seconds}).
 */
final class MeterNames {

    static final String CONNECTIONS = "postbox.connections";
    static final String SESSIONS_OPEN = "postbox.sessions.open";
    static final String SENT = "postbox.sent";
    static final String COMMAND_DURATION = "postbox.command.duration";
    static final String MESSAGES_RETRIEVED = "postbox.messages.retrieved";
    static final String MESSAGES_DELETED = "postbox.messages.deleted";
    static final String SESSIONS_FORCE_RELEASED = "postbox.sessions.force.released";
    static final String WORKER_REJECTIONS = "postbox.worker.rejections";
    static final String LOGINS = "postbox.logins";
    static final String LOGIN_PENALTY = "postbox.login.penalty";
    static final String LOGIN_OVERLOAD_REFUSALS = "postbox.login.overload.refusals";
    static final String LOCK_CONFLICTS = "postbox.maildrop.lock.conflicts";
    static final String STORE_OPERATION_DURATION = "postbox.store.operation.duration";
    static final String STORE_UP = "postbox.store.up";
    static final String LMTP_DELIVERIES = "postbox.lmtp.deliveries";
    static final String LMTP_DELIVERY_DURATION = "postbox.lmtp.delivery.duration";
    static final String LMTP_DELIVERY_SIZE = "postbox.lmtp.delivery.size";
    static final String QUOTA_REJECTIONS = "postbox.quota.rejections";
    static final String DOMAINS = "postbox.domains";
    static final String DOMAIN_STORAGE_USED = "postbox.domain.storage.used";
    static final String DOMAIN_STORAGE_LIMIT = "postbox.domain.storage.limit";
    static final String DOMAIN_MAILBOXES = "postbox.domain.mailboxes";
    static final String DOMAIN_MESSAGES = "postbox.domain.messages";
    static final String INFO = "postbox.info";
    static final String ADMIN_REQUESTS = "postbox.admin.requests";
    static final String QUOTA_WARNINGS = "postbox.quota.warnings";

    /** POP3 commands: from a NOOP in a millisecond to a login through a failure delay and penalty. */
    static final Duration[] COMMAND_BUCKETS = durations(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    /** Store calls: a cached look-up to a slow disk or a database under load. */
    static final Duration[] STORE_BUCKETS = durations(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 2.5, 5, 10);
    /** Login penalties double from the initial wait up to the maximum (2 s to 15 s by default). */
    static final Duration[] PENALTY_BUCKETS = durations(0.5, 1, 2, 4, 8, 16, 32, 64, 128, 300, 600);
    /** One LMTP delivery: spool to store, for messages of a few KiB up to the 50 MiB default limit. */
    static final Duration[] DELIVERY_BUCKETS = durations(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
            10, 30);
    /** Message sizes in octets: 1 KiB to 50 MiB. */
    static final double[] SIZE_BUCKETS = {1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
            52_428_800};

    private MeterNames() {
    }

    private static Duration[] durations(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return out;
    }
}
