package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;

/** Many deliveries and sessions at once, through one instance and through two. */
public interface ConcurrencyContract extends ConformanceFixture {

    int CONCURRENT_CLIENTS = 8;

    @Test
    default void parallelDeliveriesToOneMailboxAllLandWithDistinctIds() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        int perThread = 12;
        MailStore[] stores = {store(), secondInstance()};
        List<Callable<Map<String, byte[]>>> tasks = new ArrayList<>();
        for (int t = 0; t < CONCURRENT_CLIENTS; t++) {
            int thread = t;
            tasks.add(() -> {
                Map<String, byte[]> delivered = new HashMap<>();
                for (int i = 0; i < perThread; i++) {
                    byte[] mail = message("thread " + thread + " message " + i);
                    delivered.put(deliver(stores[thread % 2], alice, MessageSource.of(mail)), mail);
                }
                return delivered;
            });
        }

        Map<String, byte[]> delivered = new HashMap<>();
        for (Map<String, byte[]> part : runTogether(tasks)) {
            delivered.putAll(part);
        }

        assertThat(delivered).hasSize(CONCURRENT_CLIENTS * perThread);
        try (Maildrop maildrop = store().open(alice)) {
            List<MessageInfo> messages = maildrop.messages();
            assertThat(messages).extracting(MessageInfo::uniqueId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(delivered.keySet());
            for (int n = 1; n <= messages.size(); n++) {
                byte[] expected = delivered.get(messages.get(n - 1).uniqueId());
                assertThat(content(maildrop, n)).isEqualTo(expected);
                assertThat(messages.get(n - 1).size()).isEqualTo(expected.length + 5L);
            }
        }
    }

    @Test
    default void ofManySimultaneousOpensExactlyOneSucceeds() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        MailStore[] stores = {store(), secondInstance()};
        CountDownLatch allTried = new CountDownLatch(CONCURRENT_CLIENTS);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < CONCURRENT_CLIENTS; t++) {
            MailStore store = stores[t % 2];
            tasks.add(() -> {
                Maildrop maildrop;
                try {
                    maildrop = store.open(alice);
                } catch (MaildropLockedException e) {
                    allTried.countDown();
                    return false;
                }
                // Keep the lock until every contender has tried.
                allTried.countDown();
                try (maildrop) {
                    allTried.await(30, TimeUnit.SECONDS);
                }
                return true;
            });
        }

        List<Boolean> opened = runTogether(tasks);

        assertThat(opened).containsOnlyOnce(true);
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).isEmpty();
        }
    }

    @Test
    default void deliveriesToManyMailboxesInParallelStayApart() throws Exception {
        List<MailboxAddress> mailboxes = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_CLIENTS; i++) {
            mailboxes.add(mailbox("user" + i + "@example.org"));
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < CONCURRENT_CLIENTS; t++) {
            MailboxAddress own = mailboxes.get(t);
            tasks.add(() -> {
                for (int i = 0; i < 5; i++) {
                    deliver(store(), own, MessageSource.of(message(own + " #" + i)));
                }
                return null;
            });
        }

        runTogether(tasks);

        for (MailboxAddress own : mailboxes) {
            try (Maildrop maildrop = store().open(own)) {
                assertThat(maildrop.messages()).hasSize(5);
                for (int n = 1; n <= 5; n++) {
                    assertThat(new String(content(maildrop, n), StandardCharsets.US_ASCII))
                            .contains("Subject: " + own + " #");
                }
            }
        }
    }

    /** Starts all tasks at one moment and returns their results in order; a task's failure fails the test. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
