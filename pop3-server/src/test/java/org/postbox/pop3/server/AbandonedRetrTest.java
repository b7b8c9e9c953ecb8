package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that leave in the middle of a large RETR paused by back-pressure (they stopped
 * reading, then closed the connection) must leave no maildrop locked: the next login to the
 * mailbox gets in within seconds, every time. The defect this guards against left the paused
 * reply waiting for a write that MINA never completed once the connection was gone, and the
 * maildrop locked until a restart; it showed in a few percent of such sessions, more often
 * under CPU load, so the test abandons many of them while a thread keeps a core busy.
 */
class AbandonedRetrTest {

    private static final int ABANDONED_SESSIONS = 150;
    /** "Within seconds": far below the idle timeout, and below the watchdog's release grace. */
    private static final Duration RELOGIN_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    @Test
    void everyAbandonedBackPressuredRetrReleasesTheMaildropWithinSeconds() throws Exception {
        GeneratedMessage message = GeneratedMessage.ofAbout(20L * 1024 * 1024);
        AtomicBoolean contend = new AtomicBoolean(true);
        AtomicLong spun = new AtomicLong();
        Thread contention = new Thread(() -> {
            long spins = 0;
            while (contend.get()) {
                spins++;
            }
            spun.set(spins);
        }, "cpu-contention");
        try (TestServer server = TestServer.start(new MaildirStoreFixture(), temp, TestSettings.defaults().build())) {
            server.addMailbox("alice@example.com", "secret");
            server.deliver("alice@example.com", message);
            contention.start();
            int abandoned = 0;
            for (int round = 0; round < ABANDONED_SESSIONS; round++) {
                abandonRetr(server, round);
                abandoned++;
                long start = System.nanoTime();
                await().atMost(RELOGIN_WITHIN).pollInterval(Duration.ofMillis(20))
                        .until(() -> logsIn(server));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(RELOGIN_WITHIN);
            }
            assertThat(abandoned).isEqualTo(ABANDONED_SESSIONS);
            await().atMost(RELOGIN_WITHIN).until(() -> server.acceptor().openSessions() == 0);
        } finally {
            contend.set(false);
            contention.join();
        }
        assertThat(spun.get()).as("the contention thread kept a core busy").isPositive();
    }

    /**
     * Logs in, starts RETR, reads a little, waits until the server has had to queue what the
     * client does not read, and leaves. Rounds vary where the client stops and how it closes: a
     * close with unread data resets the connection; a linger of 0 always does.
     */
    private static void abandonRetr(TestServer server, int round) throws IOException {
        try (Pop3TestClient client = Pop3TestClient.connect(server.address(), 16 * 1024)) {
            assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
            assertThat(client.logIn("alice@example.com", "secret")).startsWith("+OK alice@example.com has 1 messages");
            client.send("RETR 1");
            assertThat(client.readLine()).startsWith("+OK");
            for (int line = 0; line < round % 7 * 20; line++) {
                assertThat(client.readLine()).isNotNull();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptor().scheduledWriteBytes() > 0);
            if (round % 2 == 0) {
                client.socket().setSoLinger(true, 0);
            }
        }
    }

    private static boolean logsIn(TestServer server) throws IOException {
        try (Pop3TestClient client = server.connect()) {
            assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
            String reply = client.logIn("alice@example.com", "secret");
            if (reply == null || !reply.startsWith("+OK")) {
                assertThat(reply).as("only an [IN-USE] refusal is expected").startsWith("-ERR [IN-USE]");
                return false;
            }
            client.send("QUIT");
            assertThat(client.readLine()).startsWith("+OK");
            return true;
        }
    }
}
