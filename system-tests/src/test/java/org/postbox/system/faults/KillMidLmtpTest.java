package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.system.Account;
import org.postbox.system.ChildProcess;
import org.postbox.system.LmtpClient;
import org.postbox.system.Loopback;
import org.postbox.system.Pop3Session;
import org.postbox.system.PostboxConfigFile;
import org.postbox.system.PostboxDaemon;
import org.postbox.system.PostboxDistribution;
import org.postbox.system.StoreBackend;
import org.postbox.system.TestMessages;

/**
 * {@code kill -9} of postboxd during LMTP {@code DATA}, and between storing a message and the MTA
 * reading its {@code 250}. The test's LMTP client behaves like an MTA: a message without its
 * {@code 250} is sent again, on a new connection, once postboxd is back. Whatever the moment of
 * the kill, POP3 must then list that message exactly once, byte for byte, and never a part of it.
 *
 * <p>Three kinds of kill per round, each followed by a restart and the MTA's retry:
 * <ol>
 * <li>in the middle of the message (part of the octets sent, no end-of-data line);</li>
 * <li>after the copy is stored (postboxd has logged it) and before the client reads the
 *     {@code 250}: the client treats it as never answered, as an MTA whose connection broke;</li>
 * <li>at a random point: a random number of the message's octets sent, all of them included.</li>
 * </ol>
 * The first two run once; the third {@code faults.rounds} times (default 1; e.g.
 * {@code -Dfaults.rounds=50} for a soak by hand).
 */
class KillMidLmtpTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final int ROUNDS = Integer.getInteger("faults.rounds", 1);
    private static final String PASSWORD = "kill-9-lmtp";
    private static final Account ALICE = new Account("alice@faults.test", PASSWORD);
    private static final String DELIVERED = "outcome=delivered";

    // Kept when a test fails: the daemon's logs and the store are what explains it.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final PostboxDistribution distribution = PostboxDistribution.assembled();
    private final Random random = new Random();
    private Path config;
    private Path logs;
    private int pop3Port;
    private int lmtpPort;
    private long recoveryMs;

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreBackend.class)
    void aMessageWithoutItsReplyIsStoredExactlyOnceAfterTheRetry(StoreBackend backend) {
        pop3Port = Loopback.freePort();
        lmtpPort = Loopback.freePort();
        Path home = dir.resolve("postbox");
        logs = home.resolve("logs");
        config = PostboxConfigFile.write(home.resolve("postbox.yaml"), pop3Port, lmtpPort, home.resolve("spool"),
                backend.storeSection(home, POSTGRES::createDatabase));
        postbox("domain", "add", ALICE.domain());
        postbox("mailbox", "add", ALICE.address(), "--password-stdin");

        MailLedger ledger = new MailLedger();
        int injected = 0;
        int n = 1;
        PostboxDaemon daemon = distribution.startDaemon(config, logs, pop3Port, lmtpPort);
        try {
            // 1. In the middle of the message: nothing of it may become visible.
            byte[] large = TestMessages.beforeTheMove(ALICE, 2);
            daemon = killAndRetry(daemon, ledger, large, large.length / 2, false);
            injected++;

            // 2. Stored, and the 250 never read: the retry must not make a second copy.
            daemon = killAndRetry(daemon, ledger, TestMessages.beforeTheMove(ALICE, 5), Integer.MAX_VALUE, true);
            injected++;

            // 3. Anywhere.
            for (int round = 0; round < ROUNDS; round++) {
                byte[] message = TestMessages.beforeTheMove(ALICE, 10 + round);
                daemon = killAndRetry(daemon, ledger, message, random.nextInt(message.length + 2), false);
                injected++;
            }

            drain(daemon, ledger);
        } finally {
            daemon.close();
        }

        MailLedger.Verdict verdict = ledger.verdict();
        FaultReport.append(new FaultReport.Fault("kill-mid-lmtp-data", backend.name(), injected, verdict.acknowledged(),
                verdict.lost().size(), verdict.duplicated().size(), recoveryMs));
        assertThat(verdict.clean()).as("%s", verdict).isTrue();
        assertThat(verdict.acknowledged()).isEqualTo(injected);
    }

    /**
     * Sends {@code octets} of {@code message}'s DATA (more than it has: all of it and the end line),
     * kills postboxd without reading a reply, starts it again and retries like an MTA. With
     * {@code afterStore}, the kill waits until postboxd has logged the stored copy.
     */
    private PostboxDaemon killAndRetry(PostboxDaemon daemon, MailLedger ledger, byte[] message, int octets,
                                       boolean afterStore) {
        long storedBefore = occurrences(daemon.output(), DELIVERED);
        int before = (int) ledger.acknowledgedCount();
        boolean whole;
        LmtpClient mta = LmtpClient.connect(daemon.lmtpPort());
        try {
            whole = mta.sendUnanswered(ALICE.address(), message, octets);
            if (afterStore) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> occurrences(daemon.output(), DELIVERED) > storedBefore);
            }
            daemon.kill();
        } finally {
            mta.abandon(); // whatever reply may have arrived stays unread, as for an MTA whose connection broke
        }
        long start = System.nanoTime();
        PostboxDaemon restarted = distribution.startDaemon(config, logs, pop3Port, lmtpPort);
        // A message cut off is never visible; a whole one may have been stored before the kill.
        int visible = visible(restarted);
        if (afterStore) {
            assertThat(visible).as("messages after a kill between store and reply").isEqualTo(before + 1);
        } else if (!whole) {
            assertThat(visible).as("messages after a kill in the middle of DATA").isEqualTo(before);
        } else {
            assertThat(visible).as("messages after a kill once the whole message was sent").isBetween(before, before + 1);
        }
        try (LmtpClient retry = LmtpClient.connect(restarted.lmtpPort())) {
            retry.deliver(ALICE.address(), message);
        }
        recoveryMs = Math.max(recoveryMs, (System.nanoTime() - start) / 1_000_000);
        ledger.acknowledged(ALICE.address(), message);
        return restarted;
    }

    /** How many messages POP3 lists; the session leaves without QUIT, deleting nothing. */
    private int visible(PostboxDaemon daemon) {
        try (Pop3Session pop3 = Pop3Session.login(daemon.pop3Port(), ALICE)) {
            return pop3.count();
        }
    }

    /** The deleting client takes everything, and a last look finds the maildrop empty. */
    private static void drain(PostboxDaemon daemon, MailLedger ledger) {
        MailLedger.Session session = ledger.deleting(ALICE.address());
        try (Pop3Session pop3 = Pop3Session.login(daemon.pop3Port(), ALICE)) {
            int count = pop3.count();
            for (int i = 1; i <= count; i++) {
                session.retrieved(pop3.retrieve(i));
                pop3.command("DELE " + i);
            }
            assertThat(pop3.quit()).startsWith("+OK");
            session.quitConfirmed();
        }
        MailLedger.Session last = ledger.leaving(ALICE.address());
        try (Pop3Session pop3 = Pop3Session.login(daemon.pop3Port(), ALICE)) {
            int count = pop3.count();
            for (int i = 1; i <= count; i++) {
                last.retrieved(pop3.retrieve(i));
            }
            last.abandoned();
        }
    }

    private void postbox(String... arguments) {
        Path input = dir.resolve("password");
        try {
            Files.writeString(input, PASSWORD + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess.Finished finished = distribution.postbox(config, logs, "postbox", List.of(arguments), Map.of(), input);
        assertThat(finished.exitCode()).as(finished.describe()).isZero();
    }

    private static long occurrences(String text, String what) {
        long count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            count++;
        }
        return count;
    }
}
