package org.postbox.pop3.server;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import org.postbox.session.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener whose worker pool is full: one thread, held inside a store call, and a queue of one.
 * Work the pool refuses is never done on the thread that offered it (a network thread): the
 * session is told the server is busy and closed, and its clean-up still releases its maildrop
 * lock while the pool is full. Once the held call returns, the sessions the pool took carry on.
 */
class BusyWorkersTest {

    private static final String BUSY = "-ERR [SYS/TEMP] server busy, try again later";
    private static final Duration EVENTUALLY = Duration.ofSeconds(15);

    @TempDir
    Path temp;

    @Test
    void refusedWorkIsAnsweredBusyAndNoStoreCallEverRunsOnANetworkThread() throws Exception {
        WorkerPool workers = new WorkerPool("busy-worker", 1, 1);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) workers.threads();
        ThreadRecordingStore store;
        try (TestServer server = TestServer.start(ForwardingStore.around(new MaildirStoreFixture(), ThreadRecordingStore::new),
                temp, TestSettings.defaults().build(), workers)) {
            store = (ThreadRecordingStore) server.store();
            server.addMailbox("alice@example.com", "alice-secret");
            server.addMailbox("bob@example.com", "bob-secret");
            server.deliver("alice@example.com", GeneratedMessage.ofAbout(1000));
            server.deliver("bob@example.com", GeneratedMessage.ofAbout(1000));

            // One client at a time until the pool is to be full: with one thread and a queue of one,
            // two at once would be a burst.
            try (Pop3TestClient bob = server.connect()) {
                assertThat(bob.readLine()).startsWith("+OK");
                assertThat(bob.logIn("bob@example.com", "bob-secret")).startsWith("+OK");
                awaitIdle(pool);
                Pop3TestClient alice = server.connect();
                assertThat(alice.readLine()).startsWith("+OK");
                awaitIdle(pool);

                // Alice's login takes the one worker and holds it inside the store.
                store.holdOpens();
                alice.send("USER alice@example.com");
                assertThat(alice.readLine()).isEqualTo("+OK send PASS");
                alice.send("PASS alice-secret");
                assertThat(store.openHeld.await(15, TimeUnit.SECONDS)).as("the worker is held in the store").isTrue();

                // A new connection's greeting fills the queue.
                try (Pop3TestClient waiting = server.connect()) {
                    await().atMost(EVENTUALLY).until(() -> pool.getQueue().size() == 1);

                    try (Pop3TestClient newcomer = server.connect()) {
                        assertThat(newcomer.readLine()).as("instead of the greeting").isEqualTo(BUSY);
                        assertThat(newcomer.readLine()).isNull();
                    }
                    bob.send("STAT");
                    assertThat(bob.readLine()).as("instead of the answer").isEqualTo(BUSY);
                    assertThat(bob.readLine()).isNull();
                    await("bob's maildrop released while the pool is still full").atMost(EVENTUALLY)
                            .until(() -> store.unlocked(MailboxAddress.parse("bob@example.com")));
                    assertThat(store.openHeld.getCount()).isZero();
                    assertThat(pool.getActiveCount()).as("alice's login still holds the worker").isEqualTo(1);

                    store.releaseOpens();
                    assertThat(alice.readLine()).startsWith("+OK");
                    assertThat(waiting.readLine()).startsWith("+OK");
                    awaitIdle(pool);
                    alice.send("STAT");
                    assertThat(alice.readLine()).startsWith("+OK 1 ");
                    awaitIdle(pool);
                    alice.send("QUIT");
                    assertThat(alice.readLine()).startsWith("+OK");
                    awaitIdle(pool);
                    waiting.send("QUIT");
                    assertThat(waiting.readLine()).startsWith("+OK");
                }
                alice.close();
            }
            await().atMost(EVENTUALLY).until(() -> server.acceptor().openSessions() == 0);
            assertThat(server.messageCount("alice@example.com")).as("no lock left").isEqualTo(1);
            assertThat(server.messageCount("bob@example.com")).as("no lock left, nothing deleted").isEqualTo(1);
        }
        assertThat(store.callers).as("threads that called the store").isNotEmpty()
                .allSatisfy(thread -> assertThat(thread).doesNotStartWith("NioProcessor")
                        .matches("busy-worker-(\\d+|reserve)"))
                .contains("busy-worker-reserve");
    }

    private static void awaitIdle(ThreadPoolExecutor pool) {
        await().atMost(EVENTUALLY).until(() -> pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
    }

    /**
     * A real Maildir store that notes the thread of every call the server makes (the test's own,
     * setting up and checking, are not noted), and holds {@code open} (a login's maildrop) while
     * the test says so. Made on the test's thread, when the server opens its store.
     */
    private static final class ThreadRecordingStore extends ForwardingStore {

        private final Thread test = Thread.currentThread();
        final Queue<String> callers = new ConcurrentLinkedQueue<>();
        final CountDownLatch openHeld = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean holding;

        ThreadRecordingStore(MailStore delegate) {
            super(delegate);
        }

        void holdOpens() {
            holding = true;
        }

        void releaseOpens() {
            holding = false;
            release.countDown();
        }

        /** Whether the mailbox can be opened now, asked of the store underneath (not recorded). */
        boolean unlocked(MailboxAddress mailbox) {
            try (Maildrop maildrop = delegate.open(mailbox)) {
                return true;
            } catch (RuntimeException locked) {
                return false;
            }
        }

        private void noteCaller() {
            if (Thread.currentThread() != test) {
                callers.add(Thread.currentThread().getName());
            }
        }

        @Override
        public Maildrop open(MailboxAddress address) {
            noteCaller();
            if (holding) {
                openHeld.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the held open");
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
            return new RecordingMaildrop(delegate.open(address));
        }

        @Override
        public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
            noteCaller();
            return delegate.deliver(recipients, message);
        }

        private final class RecordingMaildrop extends ForwardingMaildrop {

            RecordingMaildrop(Maildrop maildrop) {
                super(maildrop);
            }

            @Override
            public List<MessageInfo> messages() {
                noteCaller();
                return delegate.messages();
            }

            @Override
            public InputStream content(int number) {
                noteCaller();
                return delegate.content(number);
            }

            @Override
            public void commit(BitSet deleted) {
                noteCaller();
                delegate.commit(deleted);
            }

            @Override
            public void close() {
                noteCaller();
                delegate.close();
            }
        }
    }
}
