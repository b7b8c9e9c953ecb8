package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>The first kill round catches two transactions at once, each on its own connection: one in
 * the middle of its message (half of the octets sent, no end-of-data line), and one whose copy is
 * stored (postboxd has logged it) but whose {@code 250} the client never reads, as an MTA whose
 * connection broke. Every further round kills at a random point: a random number of the message's
 * octets sent, all of them and the end line included. {@code faults.rounds} sets the number of
 * rounds (default 1; e.g. {@code -Dfaults.rounds=50} for a soak by hand).
 */
class KillMidLmtpTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final int ROUNDS = Math.max(1, Integer.getInteger("faults.rounds", 1));
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

    /** One MTA transaction cut off by the kill: the first {@code octets} of its DATA sent. */
    private record Attempt(byte[] message, int octets, boolean awaitStored) {
    }

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
        int taken;
        PostboxDaemon daemon = distribution.startDaemon(config, logs, pop3Port, lmtpPort);
        try {
            byte[] large = TestMessages.beforeTheMove(ALICE, 2);
            daemon = killAndRetry(daemon, ledger, List.of(
                    new Attempt(large, large.length / 2, false),
                    new Attempt(TestMessages.beforeTheMove(ALICE, 5), Integer.MAX_VALUE, true)));
            for (int round = 1; round < ROUNDS; round++) {
                byte[] message = TestMessages.beforeTheMove(ALICE, 10 + round);
                daemon = killAndRetry(daemon, ledger, List.of(new Attempt(message, random.nextInt(message.length + 8), false)));
            }
            taken = drain(daemon, ledger);
        } finally {
            daemon.close();
        }

        MailLedger.Verdict verdict = ledger.verdict();
        // The ledger tells messages apart by content, so two copies of one message in one session
        // count once there: the copies beyond the acknowledged messages are the duplicates.
        long copies = Math.max(0, taken - verdict.acknowledged());
        FaultReport.append(new FaultReport.Fault("kill-mid-lmtp-data", backend.name(), ROUNDS, verdict.acknowledged(),
                verdict.lost().size(), Math.max(copies, verdict.duplicated().size()), recoveryMs));
        assertThat(verdict.clean()).as("%s", verdict).isTrue();
        assertThat(taken).as("messages the deleting client took, one per acknowledged message").isEqualTo(ROUNDS + 1);
        assertThat(verdict.acknowledged()).isEqualTo(ROUNDS + 1);
    }

    /**
     * Sends each attempt's octets on its own connection, kills postboxd without reading a reply
     * (once the copies of the attempts that await it are logged as stored), starts it again and
     * retries each message like an MTA.
     */
    private PostboxDaemon killAndRetry(PostboxDaemon daemon, MailLedger ledger, List<Attempt> attempts) {
        long storedBefore = occurrences(daemon.output(), DELIVERED);
        int before = (int) ledger.acknowledgedCount();
        int stored = 0;
        int whole = 0;
        List<LmtpClient> mtas = new ArrayList<>();
        try {
            for (Attempt attempt : attempts) {
                LmtpClient mta = LmtpClient.connect(daemon.lmtpPort());
                mtas.add(mta);
                boolean sentWhole = mta.sendUnanswered(ALICE.address(), attempt.message(), attempt.octets());
                if (attempt.awaitStored()) {
                    stored++;
                } else if (sentWhole) {
                    whole++;
                }
            }
            long awaited = storedBefore + stored;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> occurrences(daemon.output(), DELIVERED) >= awaited);
            daemon.kill();
        } finally {
            // Whatever reply may have arrived stays unread, as for an MTA whose connection broke.
            mtas.forEach(LmtpClient::abandon);
        }
        long start = System.nanoTime();
        PostboxDaemon restarted = distribution.startDaemon(config, logs, pop3Port, lmtpPort);
        // A message cut off is never visible; a stored one is; a whole one may have been stored before the kill.
        assertThat(visible(restarted)).as("messages after the kill, before the retries")
                .isBetween(before + stored, before + stored + whole);
        for (Attempt attempt : attempts) {
            try (LmtpClient retry = LmtpClient.connect(restarted.lmtpPort())) {
                retry.deliver(ALICE.address(), attempt.message());
            }
            ledger.acknowledged(ALICE.address(), attempt.message());
        }
        recoveryMs = Math.max(recoveryMs, (System.nanoTime() - start) / 1_000_000);
        return restarted;
    }

    /** How many messages POP3 lists; the session leaves without QUIT, deleting nothing. */
    private int visible(PostboxDaemon daemon) {
        try (Pop3Session pop3 = Pop3Session.login(daemon.pop3Port(), ALICE)) {
            return pop3.count();
        }
    }

    /** The deleting client takes everything, and a last look finds nothing more; returns how many it took. */
    private static int drain(PostboxDaemon daemon, MailLedger ledger) {
        MailLedger.Session session = ledger.deleting(ALICE.address());
        int taken;
        try (Pop3Session pop3 = Pop3Session.login(daemon.pop3Port(), ALICE)) {
            int count = pop3.count();
            taken = count;
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
        return taken;
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
