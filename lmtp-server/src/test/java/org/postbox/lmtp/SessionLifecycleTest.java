package org.postbox.lmtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import org.postbox.session.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How connections start and end: limits, shutdown, half-close, floods, stalled clients. */
class SessionLifecycleTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @Test
    void connectionsOverTheLimitAreRefusedWith421() throws Exception {
        try (TestServer server = TestServer.start(temp, settings(1, LmtpSettings.DEFAULT_IDLE_TIMEOUT))) {
            try (LmtpTestClient first = server.connect()) {
                assertThat(first.reply()).isEqualTo("220 lmtp.test LMTP Postbox ready");
                try (LmtpTestClient second = server.connect()) {
                    assertThat(second.reply()).isEqualTo("421 4.3.2 lmtp.test too many connections, try again later");
                    assertThat(second.isClosedByServer()).isTrue();
                }
                first.send("QUIT");
                assertThat(first.reply()).startsWith("221 ");
            }
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(server.acceptor().openSessions()).isZero());
            try (LmtpTestClient third = server.connect()) {
                assertThat(third.reply()).as("a slot is free again").isEqualTo("220 lmtp.test LMTP Postbox ready");
            }
        }
    }

    @Test
    void shutdownTellsWaitingClientsAndDiscardsAnUnfinishedMessage() throws Exception {
        TestServer server = TestServer.start(temp);
        try {
            server.addMailbox("alice@example.com");
            try (LmtpTestClient idle = server.connect(); LmtpTestClient sending = server.connect()) {
                idle.reply();
                idle.send("LHLO mx.example.net");
                idle.readReply();
                sending.reply();
                DeliveryTest.transaction(sending, "<bob@example.org>", List.of("alice@example.com"));
                sending.sendRaw("Subject: half\r\n\r\nnot finished\r\n");
                await().atMost(EVENTUALLY).until(() -> server.acceptor().openSessions() == 2);

                CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.acceptor().shutdown(Duration.ofSeconds(10)));
                assertThat(idle.reply()).isEqualTo("421 4.3.2 lmtp.test shutting down, try again later");
                assertThat(idle.isClosedByServer()).isTrue();
                assertThat(sending.reply()).isEqualTo("421 4.3.2 lmtp.test shutting down, try again later");
                assertThat(sending.isClosedByServer()).isTrue();
                shutdown.get(10, TimeUnit.SECONDS);
            }
            assertThat(server.acceptor().openSessions()).isZero();
            assertThat(server.messageCount("alice@example.com")).isZero();
            assertThat(server.spoolFiles()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void aHalfClosedClientGetsEveryReplyThenTheConnectionCloses() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                client.sendRaw("LHLO mx.example.net\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.com>\r\nNOOP\r\n");
                client.socket().shutdownOutput();
                assertThat(client.readReply()).hasSize(5);
                assertThat(client.reply()).isEqualTo("250 2.1.0 OK");
                assertThat(client.reply()).isEqualTo("250 2.1.5 OK");
                assertThat(client.reply()).isEqualTo("250 2.0.0 OK");
                assertThat(client.isClosedByServer()).isTrue();
            }
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(server.acceptor().openSessions()).isZero());
        }
    }

    @Test
    void aFloodOfPipelinedCommandsIsAnsweredInFullAndInOrder() throws Exception {
        int commands = 50_000;
        try (TestServer server = TestServer.start(temp)) {
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        OutputStream out = client.output();
                        byte[] batch = "NOOP\r\nVRFY x\r\n".repeat(500).getBytes(StandardCharsets.US_ASCII);
                        for (int i = 0; i < commands / 1000; i++) {
                            out.write(batch);
                        }
                        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                for (int i = 0; i < commands; i += 2) {
                    assertThat(client.reply()).as("reply %d", i).isEqualTo("250 2.0.0 OK");
                    assertThat(client.reply()).as("reply %d", i + 1).startsWith("252 2.5.0 ");
                }
                assertThat(client.reply()).startsWith("221 ");
                writer.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aClientThatStopsReadingRepliesIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (TestServer server = TestServer.start(temp, settings(10, Duration.ofSeconds(1)))) {
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                client.socket().setReceiveBufferSize(4096);
                // Several megabytes of replies that nobody reads: the server's writes stall, then the timeout ends it.
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    byte[] batch = "NOOP\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                    try {
                        for (int i = 0; i < 500; i++) {
                            client.output().write(batch);
                        }
                    } catch (IOException expected) {
                        // The server hung up while the client was still writing.
                    }
                });
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.acceptor().openSessions()).isZero());
                writer.get(20, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A full worker pool (one thread, held in a delivery, and a queue of one): a session whose work
     * it refuses is told {@code 421 4.3.2} (the MTA retries later) and closed, without that work
     * running on the network thread that offered it; the sessions the pool took carry on.
     */
    @Test
    void aSessionWhoseWorkTheFullPoolRefusesIsAnswered421() throws Exception {
        String busy = "421 4.3.2 lmtp.test server busy, try again later";
        WorkerPool workers = new WorkerPool("busy-worker", 1, 1);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) workers.threads();
        try (TestServer server = TestServer.start(new MaildirStoreFixture(), temp, TestServer.settings(temp), workers)) {
            server.addMailbox("alice@example.com");
            // One client at a time until the pool is to be full: with one thread and a queue of one,
            // two at once would be a burst.
            try (LmtpTestClient delivering = server.connect()) {
                delivering.reply();
                awaitIdle(pool);
                LmtpTestClient talking = server.connect();
                talking.reply();
                awaitIdle(pool);
                DeliveryTest.transaction(delivering, "<bob@example.org>", List.of("alice@example.com"));
                server.store().holdDeliveries();
                delivering.sendRaw("Subject: held\r\n\r\nHello.\r\n.\r\n");
                assertThat(server.store().awaitHeldDelivery(EVENTUALLY)).as("the worker is held in the store").isTrue();
                try (LmtpTestClient waiting = server.connect()) {
                    await().atMost(EVENTUALLY).until(() -> pool.getQueue().size() == 1);
                    try (LmtpTestClient newcomer = server.connect()) {
                        assertThat(newcomer.reply()).as("instead of the greeting").isEqualTo(busy);
                        assertThat(newcomer.isClosedByServer()).isTrue();
                    }
                    talking.send("LHLO mx.example.net");
                    assertThat(talking.reply()).as("instead of the answer").isEqualTo(busy);
                    assertThat(talking.isClosedByServer()).isTrue();
                    talking.close();

                    server.store().releaseDeliveries();
                    assertThat(delivering.reply()).startsWith("250 2.0.0 ");
                    assertThat(waiting.reply()).isEqualTo("220 lmtp.test LMTP Postbox ready");
                    awaitIdle(pool);
                    waiting.send("QUIT");
                    assertThat(waiting.reply()).startsWith("221 ");
                }
                awaitIdle(pool);
                delivering.send("QUIT");
                assertThat(delivering.reply()).startsWith("221 ");
            }
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(server.acceptor().openSessions()).isZero());
            assertThat(server.messageCount("alice@example.com")).isEqualTo(1);
            assertThat(server.store().deliveringThreads()).containsExactly("busy-worker-1");
            assertThat(server.spoolFiles()).isZero();
        }
    }

    private static void awaitIdle(ThreadPoolExecutor pool) {
        await().atMost(EVENTUALLY).until(() -> pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
    }

    private LmtpSettings settings(int maxConnections, Duration idleTimeout) {
        return new LmtpSettings("lmtp.test", LmtpSettings.DEFAULT_MAX_LINE_LENGTH, LmtpSettings.DEFAULT_MAX_MESSAGE_SIZE,
                LmtpSettings.DEFAULT_MAX_RECIPIENTS, LmtpSettings.DEFAULT_MAX_BAD_COMMANDS, idleTimeout, maxConnections,
                false, temp.resolve("spool"));
    }
}
