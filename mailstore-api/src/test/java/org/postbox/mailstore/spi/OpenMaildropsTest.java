package org.postbox.mailstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.StoreUnavailableException;

/** The registry of a store's open maildrops: what closing the store closes, and what it refuses after. */
class OpenMaildropsTest {

    private final OpenMaildrops<CountingMaildrop> registry = new OpenMaildrops<>("test");

    @Test
    void closingTheStoreHandsOnEveryMaildropStillOpenOnce() {
        CountingMaildrop kept = registry.add(new CountingMaildrop());
        CountingMaildrop closedBefore = registry.add(new CountingMaildrop());
        registry.remove(closedBefore);
        List<CountingMaildrop> handed = new ArrayList<>();

        assertThat(registry.closeStore(handed::add)).isTrue();
        assertThat(registry.closeStore(handed::add)).isFalse();

        assertThat(handed).containsExactly(kept);
    }

    @Test
    void aClosedStoreRefusesWithItsName() {
        registry.checkStoreOpen();
        registry.closeStore(CountingMaildrop::close);

        assertThatThrownBy(registry::checkStoreOpen).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the test store has been closed");
    }

    @Test
    void aMaildropOpenedAfterTheStoreClosedIsClosedAndRefused() {
        registry.closeStore(CountingMaildrop::close);
        CountingMaildrop late = new CountingMaildrop();

        assertThatThrownBy(() -> registry.add(late)).isInstanceOf(StoreUnavailableException.class);
        assertThat(late.closes).hasValue(1);
    }

    @Test
    void aMaildropOpenedWhileTheStoreClosesEndsClosedEitherWay() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20_000; round++) {
                OpenMaildrops<CountingMaildrop> racing = new OpenMaildrops<>("test");
                CountingMaildrop maildrop = new CountingMaildrop();
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
                    await(start);
                    try {
                        racing.add(maildrop);
                    } catch (StoreUnavailableException closedMeanwhile) {
                        // closed by add itself
                    }
                }, threads);
                CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                    await(start);
                    racing.closeStore(CountingMaildrop::close);
                }, threads);
                CompletableFuture.allOf(opening, closing).get();

                assertThat(maildrop.closes).as("round %d", round).hasPositiveValue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts its closes; nothing else is used. */
    private static final class CountingMaildrop implements Maildrop {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public MailboxAddress address() {
            return MailboxAddress.parse("alice@example.org");
        }

        @Override
        public List<MessageInfo> messages() {
            return List.of();
        }

        @Override
        public InputStream content(int number) {
            throw new IllegalArgumentException("no message " + number);
        }

        @Override
        public void commit(BitSet deleted) {
        }

        @Override
        public org.postbox.mailstore.Expire expire() {
            return org.postbox.mailstore.Expire.NEVER;
        }

        @Override
        public void markRetrieved(int number) {
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
