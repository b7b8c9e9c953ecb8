package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.postbox.lmtp.LmtpObserver;

/**
 * The meters of one LMTP listener: those of every listener ({@code protocol="lmtp"}), plus
 * deliveries by result with their store time and size.
 */
final class LmtpMeters extends ListenerMeters implements LmtpObserver {

    private final String listener;
    private final Timer duration;
    private final DistributionSummary size;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();

    LmtpMeters(MeterRegistry registry, String listener) {
        super(registry, listener, "lmtp");
        this.listener = listener;
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
