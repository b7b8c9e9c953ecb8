package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.testing.StubDirectory;

/** The readiness probe of the store: a time limit, a short memory, and no pile-up of calls. */
class StoreProbeTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<Runnable> behaviour = new AtomicReference<>(() -> { });

    @Test
    void aStoreThatAnswersIsFineAndIsNotAskedAgainWithinTheCachePeriod() {
        try (StoreProbe probe = probe(Duration.ofSeconds(2))) {
            assertThat(probe.problem()).isEmpty();
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(probe.problem()).isEmpty();
            assertThat(calls).hasValue(1);

            now.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(probe.problem()).isEmpty();
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void aFailingStoreIsReportedWithItsReason() {
        behaviour.set(() -> {
            throw new StoreUnavailableException("connection refused");
        });
        try (StoreProbe probe = probe(Duration.ofSeconds(2))) {
            assertThat(probe.problem()).hasValue("the store failed: connection refused");

            behaviour.set(() -> { });
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            assertThat(probe.problem()).isEmpty();
        }
    }

    @Test
    void aHangingStoreIsReportedAfterTheTimeLimitAndNotCalledAgainWhileItHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        behaviour.set(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (StoreProbe probe = new StoreProbe(directory(), Duration.ofMillis(100), Duration.ofSeconds(2), now::get)) {
            assertThat(probe.problem()).hasValue("the store did not answer within 100 ms");
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            assertThat(probe.problem()).hasValue("the store did not answer within 100 ms");
            assertThat(calls).hasValue(1);

            release.countDown();
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            assertThat(probe.problem()).isEmpty();
        }
    }

    private StoreProbe probe(Duration cachedFor) {
        return new StoreProbe(directory(), Duration.ofSeconds(5), cachedFor, now::get);
    }

    private Directory directory() {
        return new StubDirectory() {
            @Override
            public List<Domain> domains() {
                calls.incrementAndGet();
                behaviour.get().run();
                return List.of();
            }
        };
    }
}
