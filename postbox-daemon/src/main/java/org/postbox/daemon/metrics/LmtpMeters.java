package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postbox.lmtp.LmtpObserver;
import org.postbox.pop3.server.Pop3Observer;

/**
 * The meters of one LMTP listener: connections, sessions and sessions refused for a full worker
 * pool under the same names as POP3's ({@code protocol="lmtp"}), and deliveries by result with
 * their store time and size.
 */
final class LmtpMeters implements LmtpObserver {

    private final MeterRegistry registry;
    private final String listener;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter refusedBusy;
    private final AtomicInteger sessions = new AtomicInteger();
    private final Timer duration;
    private final DistributionSummary size;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();

    LmtpMeters(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.listener = listener;
        Tags tags = Tags.of("listener", listener, "protocol", "lmtp");
        this.accepted = Pop3Meters.connections(registry, tags, "accepted");
        this.rejected = Pop3Meters.connections(registry, tags, "rejected");
        this.refusedBusy = Pop3Meters.workerRejections(registry, tags);
        Gauge.builder(MeterNames.SESSIONS_OPEN, sessions, AtomicInteger::get)
                .description("Open sessions by listener and TLS state: none, or the negotiated protocol")
                .tags(tags).tag("tls", Pop3Observer.NO_TLS).strongReference(true).register(registry);
        this.duration = Timer.builder(MeterNames.LMTP_DELIVERY_DURATION)
                .description("Time the store took to deliver one LMTP recipient's copy, whatever the result")
                .tag("listener", listener).serviceLevelObjectives(MeterNames.DELIVERY_BUCKETS).register(registry);
        this.size = DistributionSummary.builder(MeterNames.LMTP_DELIVERY_SIZE).baseUnit("bytes")
                .description("Size of each message delivered over LMTP, per recipient, trace headers included")
                .tag("listener", listener).serviceLevelObjectives(MeterNames.SIZE_BUCKETS).register(registry);
        for (String result : new String[] {"delivered", "temporary_failure", "over_quota", "no_such_mailbox"}) {
            deliveries(result);
        }
    }

    @Override
    public void connectionAccepted() {
        accepted.increment();
    }

    @Override
    public void connectionRejected() {
        rejected.increment();
    }

    /** LMTP has no TLS: every session is counted under {@code tls="none"}. */
    @Override
    public void sessionsOpen(String tls, int change) {
        sessions.addAndGet(change);
    }

    @Override
    public void sessionEndedBusy() {
        refusedBusy.increment();
    }

    @Override
    public void delivery(String result, long octets, long nanos) {
        deliveries(result).increment();
        if (nanos > 0) {
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (result.equals("delivered")) {
            size.record(octets);
        }
    }

    private Counter deliveries(String result) {
        return deliveries.computeIfAbsent(result, key -> Counter.builder(MeterNames.LMTP_DELIVERIES)
                .description("LMTP recipients by the result of delivering their copy: delivered, no_such_mailbox,"
                        + " over_quota, suspended, temporary_failure, too_large, spool_failure, ambiguous_end")
                .tag("listener", listener).tag("result", result).register(registry));
    }
}
