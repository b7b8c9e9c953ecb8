package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postbox.mailstore.StoreMeter;

/** Registers the figures a store publishes about itself ({@link org.postbox.mailstore.MailStore#meters()}). */
final class StoreMeterBinder {

    private StoreMeterBinder() {
    }

    /**
     * Registers {@code meters}. The registry holds function meters' objects weakly, so the caller
     * keeps {@code meters} for as long as the registry lives.
     */
    static void bind(List<StoreMeter> meters, MeterRegistry registry) {
        for (StoreMeter meter : meters) {
            Tags tags = Tags.empty();
            for (var tag : meter.tags().entrySet()) {
                tags = tags.and(tag.getKey(), tag.getValue());
            }
            if (meter instanceof StoreMeter.Gauge gauge) {
                Gauge.builder(gauge.name(), gauge, g -> g.value().getAsDouble())
                        .description(gauge.description()).tags(tags).strongReference(true).register(registry);
            } else if (meter instanceof StoreMeter.Counter counter) {
                FunctionCounter.builder(counter.name(), counter, c -> c.total().getAsDouble())
                        .description(counter.description()).tags(tags).register(registry);
            } else if (meter instanceof StoreMeter.Timer timer) {
                FunctionTimer.builder(timer.name(), timer, t -> t.count().getAsLong(), t -> t.totalSeconds().getAsDouble(),
                                TimeUnit.SECONDS)
                        .description(timer.description()).tags(tags).register(registry);
            }
        }
    }
}
