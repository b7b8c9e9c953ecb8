package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.jpa.testing.EmbeddedPostgresServer;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * PostgreSQL stopped and started again under a running store: every operation fails promptly
 * with a typed error while it is away, nothing is half-written, and the same store instance works
 * again once it is back. A server of this test's own, since it is stopped.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StoreOutageTest {

    /** Connection timeout (5 s) plus a margin for a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(12);

    private static EmbeddedPostgresServer server;
    private static int databases;

    private JpaStore store;
    private MailboxAddress alice;
    private MailboxAddress bob;

    @BeforeAll
    static void startServer() {
        server = PostgresExtension.startDedicatedServer();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openStore() throws Exception {
        server.start();
        String name = "outage_" + (++databases);
        try (Connection admin = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        store = JpaStore.open(JpaSettings.parse(Map.of("url", server.url(name), "user", server.user(), "pool-size", 4),
                Path.of(".")));
        alice = MailboxAddress.parse("alice@example.org");
        bob = MailboxAddress.parse("bob@example.org");
        store.directory().addDomain("example.org");
        store.directory().addMailbox(alice, "{PLAIN}secret");
        store.directory().addMailbox(bob, "{PLAIN}secret");
        deliver(alice, "one");
        deliver(alice, "two");
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void everyOperationFailsPromptlyWhileTheDatabaseIsAwayAndWorksOnceItIsBack() {
        Maildrop session = store.open(alice);
        BitSet first = new BitSet();
        first.set(1);

        server.stop();

        assertPrompt(() -> assertThatThrownBy(() -> store.open(bob)).isInstanceOf(StoreUnavailableException.class));
        assertPrompt(() -> assertThatThrownBy(() -> store.directory().account(alice)).isInstanceOf(StoreUnavailableException.class));
        assertPrompt(() -> assertThatThrownBy(() -> store.directory().addMailbox(MailboxAddress.parse("carol@example.org"), "{PLAIN}x"))
                .isInstanceOf(StoreUnavailableException.class));
        assertPrompt(() -> assertThat(store.deliver(List.of(alice, bob), MessageSource.of(message("lost?"))))
                .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(DeliveryOutcome.TemporaryFailure.class)));
        assertPrompt(() -> assertThatThrownBy(() -> session.content(1)).isInstanceOf(StoreUnavailableException.class));
        assertPrompt(() -> assertThatThrownBy(() -> session.commit(first)).isInstanceOf(StoreUnavailableException.class));

        server.start();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreException(StoreUnavailableException.class)
                .until(() -> store.directory().account(alice), Optional::isPresent);
        session.commit(first);
        session.close();
        deliver(bob, "after the outage");
        try (Maildrop again = store.open(alice)) {
            assertThat(again.messages()).hasSize(1);
        }
        assertThat(store.directory().mailboxes(Optional.empty())).extracting(Mailbox::messageCount).containsExactly(1, 1);
    }

    @Test
    void aDeliveryCutOffByTheOutageLeavesNothingBehind() throws Exception {
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        CountDownLatch serverStopped = new CountDownLatch(1);
        MessageSource stalling = () -> new InputStream() {
            private long sent;

            @Override
            public int read() throws IOException {
                if (sent == JpaDelivery.CHUNK_SIZE + 1000) {
                    firstChunkRead.countDown();
                    try {
                        if (!serverStopped.await(60, TimeUnit.SECONDS)) {
                            throw new IOException("test timed out");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                if (sent >= 3L * JpaDelivery.CHUNK_SIZE) {
                    return -1;
                }
                sent++;
                return sent % 70 == 0 ? '\n' : 'x';
            }
        };

        CompletableFuture<List<DeliveryOutcome>> delivery = CompletableFuture.supplyAsync(() -> store.deliver(List.of(bob), stalling));
        assertThat(firstChunkRead.await(60, TimeUnit.SECONDS)).isTrue();
        server.stop();
        serverStopped.countDown();

        assertThat(delivery.get(60, TimeUnit.SECONDS)).singleElement().isInstanceOf(DeliveryOutcome.TemporaryFailure.class);

        server.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreException(StoreUnavailableException.class)
                .until(() -> store.directory().mailboxes(Optional.of("example.org")), list -> !list.isEmpty());
        try (Maildrop maildrop = store.open(bob)) {
            assertThat(maildrop.messages()).isEmpty();
        }
        assertThat(store.directory().mailboxes(Optional.of("example.org")))
                .filteredOn(mailbox -> mailbox.address().equals(bob))
                .singleElement().satisfies(mailbox -> assertThat(mailbox.messageCount()).isZero());
    }

    private void deliver(MailboxAddress to, String subject) {
        assertThat(store.deliver(List.of(to), MessageSource.of(message(subject))))
                .singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\n\nbody\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertPrompt(Runnable assertion) {
        long start = System.nanoTime();
        assertion.run();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }
}
