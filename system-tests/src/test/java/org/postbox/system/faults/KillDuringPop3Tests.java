package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code kill -9} of the real {@code bin/postboxd} while a deleting POP3 client works, for each
 * store (one subclass per store):
 * <ul>
 * <li>in the TRANSACTION state, messages DELE'd and no QUIT: after a restart every message is
 *     still there (RFC 1939 section 6: deletions happen only in UPDATE);</li>
 * <li>in the UPDATE state, at a random moment after QUIT with many DELEs: PostgreSQL has applied
 *     all of the session's deletions or none; Maildir each message wholly present or wholly gone;
 *     on both, the recorded quota usage is what a recount finds.</li>
 * </ul>
 * The {@link MailLedger} accounts for every message over all rounds; the figures go to the
 * {@link FaultReport}. {@code -Dfaults.rounds=N} repeats each fault N times (a soak by hand), and
 * {@code -Dfaults.messages=M} sets how many messages each round's session deletes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KillDuringPop3Tests {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final int ROUNDS = Integer.getInteger("faults.rounds", 1);
    private static final int MESSAGES = Integer.getInteger("faults.messages", 24);
    private static final String PASSWORD = "kill-9-proof";
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(90);
    private static final int JPA_LEASE_SECONDS = 3;

    private final StoreBackend backend;
    private final PostboxDistribution distribution = PostboxDistribution.assembled();
    private final ScheduledThreadPoolExecutor killer = new ScheduledThreadPoolExecutor(1);
    private Path dir;
    private Path config;
    private Path logs;
    private int pop3Port;
    private int lmtpPort;
    private PostboxDaemon daemon;
    /** Numbers the messages of the whole class, so that no two are alike for the ledger. */
    private int delivered;

    KillDuringPop3Tests(StoreBackend backend) {
        this.backend = backend;
    }

    @BeforeAll
    void startPostboxd(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path directory) {
        dir = directory;
        pop3Port = Loopback.freePort();
        lmtpPort = Loopback.freePort();
        Path home = dir.resolve("postbox");
        logs = home.resolve("logs");
        // A short lease: the killed daemon's maildrop locks on PostgreSQL are free again after it,
        // not after the default minute (the recovery time then measures the lease, as it would in use).
        String lease = backend == StoreBackend.JPA ? "  lease: " + JPA_LEASE_SECONDS + "s\n" : "";
        config = PostboxConfigFile.write(home.resolve("postbox.yaml"), pop3Port, lmtpPort, home.resolve("spool"),
                backend.storeSection(home, POSTGRES::createDatabase) + lease);
        postbox("domain", "add", "kill.test");
        for (String local : List.of("session", "update")) {
            postboxWithPassword("mailbox", "add", local + "@kill.test", "--password-stdin");
        }
        daemon = distribution.startDaemon(config, logs, pop3Port, lmtpPort);
        // Its thread ready before the first kill, whose timing would otherwise include starting it.
        killer.prestartAllCoreThreads();
    }

    @AfterAll
    void stopPostboxd() {
        killer.shutdownNow();
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void killedInTransactionDeletesNothing() {
        Account account = new Account("session@kill.test", PASSWORD);
        MailLedger ledger = new MailLedger();
        long slowestRecovery = 0;
        for (int round = 0; round < ROUNDS; round++) {
            deliver(account, ledger);
            int before;
            try (Pop3Session pop3 = Pop3Session.login(pop3Port, account)) {
                MailLedger.Session session = ledger.deleting(account.address());
                before = retrieveAndDeleteAll(pop3, session);
                daemon.kill();
                session.abandoned();
            }

            long recovery = restart(account);
            slowestRecovery = Math.max(slowestRecovery, recovery);
            try (Pop3Session pop3 = Pop3Session.login(pop3Port, account)) {
                assertThat(pop3.count()).as("round %d: messages after kill -9 with %d DELEs and no QUIT", round, before)
                        .isEqualTo(before);
                assertThat(pop3.quit()).startsWith("+OK");
            }
            drain(account, ledger);
        }
        MailLedger.Verdict verdict = ledger.verdict();
        report("kill-mid-session", ROUNDS, verdict, slowestRecovery);
        assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }

    @Test
    void killedInUpdateLeavesNoHalfDeletedState() throws Exception {
        Account account = new Account("update@kill.test", PASSWORD);
        MailLedger ledger = new MailLedger();
        long slowestRecovery = 0;
        int inUpdate = 0;
        // The kill comes at a random moment within the first half of the time a QUIT with as many
        // deletions takes here and now, measured once; when a kill still came too late (QUIT
        // answered), the window becomes how long that UPDATE took, and the round does not count.
        long windowMicros = timeOfAnUpdate(account, ledger);
        int attempts = 0;
        for (int round = 0; inUpdate < ROUNDS && round < 4 * ROUNDS; round++) {
            attempts++;
            deliver(account, ledger);
            int deleted;
            String answer;
            try (Pop3Session pop3 = Pop3Session.login(pop3Port, account)) {
                MailLedger.Session session = ledger.deleting(account.address());
                deleted = retrieveAndDeleteAll(pop3, session);
                PostboxDaemon victim = daemon;
                long delay = ThreadLocalRandom.current().nextLong(windowMicros / 2 + 1);
                long quitSent = System.nanoTime();
                ScheduledFuture<?> kill = killer.schedule(victim::kill, delay, TimeUnit.MICROSECONDS);
                answer = pop3.quit();
                long answeredMicros = (System.nanoTime() - quitSent) / 1000;
                awaitKill(kill);
                if (answer != null && answer.startsWith("+OK")) {
                    session.quitConfirmed();
                    windowMicros = Math.max(100, answeredMicros);
                } else {
                    session.quitUnanswered();
                    inUpdate++;
                }
            }

            long recovery = restart(account);
            slowestRecovery = Math.max(slowestRecovery, recovery);
            int left;
            try (Pop3Session pop3 = Pop3Session.login(pop3Port, account)) {
                left = pop3.count();
                assertThat(pop3.quit()).startsWith("+OK");
            }
            if (answer != null && answer.startsWith("+OK")) {
                assertThat(left).as("round %d: messages left after QUIT was answered %s", round, answer).isZero();
            } else if (backend == StoreBackend.JPA) {
                assertThat(left).as("round %d: PostgreSQL applies all %d deletions of a session or none", round, deleted)
                        .isIn(0, deleted);
            }
            assertUsageMatchesRecount(round, account, left);
            // Each message wholly present or wholly gone: the drain retrieves what is left, and the
            // ledger finds any message that is altered (unexpected) or gone without its deletion.
            drain(account, ledger);
        }
        MailLedger.Verdict verdict = ledger.verdict();
        System.out.printf("kill-mid-update on %s: %d of %d kills came before QUIT was answered (window %d us); %s%n", backend,
                inUpdate, attempts, windowMicros, verdict.inDoubt());
        report("kill-mid-update", inUpdate, verdict, slowestRecovery);
        assertThat(verdict.clean()).as(verdict.toString()).isTrue();
        assertThat(inUpdate).as("kills that came between QUIT and its answer, of %d", attempts).isPositive();
        if (backend == StoreBackend.JPA) {
            assertThat(verdict.inDoubt()).allMatch(MailLedger.InDoubt::allOrNone);
        }
    }

    /** Microseconds from QUIT to its answer for a session that deletes {@link #MESSAGES} messages. */
    private long timeOfAnUpdate(Account account, MailLedger ledger) {
        deliver(account, ledger);
        try (Pop3Session pop3 = Pop3Session.login(pop3Port, account)) {
            MailLedger.Session session = ledger.deleting(account.address());
            retrieveAndDeleteAll(pop3, session);
            long quitSent = System.nanoTime();
            assertThat(pop3.quit()).as("QUIT of the session that measures UPDATE").startsWith("+OK");
            session.quitConfirmed();
            return Math.max(100, (System.nanoTime() - quitSent) / 1000);
        }
    }

    /** {@link #MESSAGES} new messages to {@code account}, each acknowledged in the ledger on its 250. */
    private void deliver(Account account, MailLedger ledger) {
        try (LmtpClient lmtp = LmtpClient.connect(lmtpPort)) {
            for (int i = 0; i < MESSAGES; i++) {
                byte[] message = TestMessages.beforeTheMove(account, ++delivered);
                lmtp.deliver(account.address(), message);
                ledger.acknowledged(account.address(), message);
            }
        }
    }

    /** RETR and DELE of every message, as a deleting client does before QUIT; how many there were. */
    private static int retrieveAndDeleteAll(Pop3Session pop3, MailLedger.Session session) {
        int count = pop3.count();
        for (int n = 1; n <= count; n++) {
            session.retrieved(pop3.retrieve(n));
            pop3.command("DELE " + n);
        }
        return count;
    }

    /** A deleting session that ends well: what the kills left behind is taken now. */
    private void drain(Account account, MailLedger ledger) {
        try (Pop3Session pop3 = Pop3Session.login(pop3Port, account)) {
            MailLedger.Session session = ledger.deleting(account.address());
            retrieveAndDeleteAll(pop3, session);
            String answer = pop3.quit();
            assertThat(answer).as("QUIT of the draining session").startsWith("+OK");
            session.quitConfirmed();
        }
    }

    /** Starts postboxd again; milliseconds from the start until {@code probe}, whose session was killed, logs in. */
    private long restart(Account probe) {
        long start = System.nanoTime();
        daemon = distribution.startDaemon(config, logs, pop3Port, lmtpPort);
        await("a POP3 login after the restart").atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> {
                    try (Pop3Session pop3 = Pop3Session.login(pop3Port, probe)) {
                        return pop3.quit().startsWith("+OK");
                    }
                });
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * The usage that postbox reports (the store's own, which it rebuilds when it cannot trust it)
     * counts the {@code messages} that POP3 lists, and {@code postbox quota recalc} then finds
     * nothing to fix: the usage recorded is what is stored.
     */
    private void assertUsageMatchesRecount(int round, Account account, int messages) {
        String shown = postbox("quota", "show", account.address(), "--json");
        JsonNode usage;
        try {
            usage = new ObjectMapper().readTree(shown);
        } catch (JsonProcessingException e) {
            throw new AssertionError("postbox quota show --json printed no JSON: " + shown, e);
        }
        assertThat(usage.path("messages").asInt()).as("round %d: usage recorded after kill -9 and restart: %s", round, usage)
                .isEqualTo(messages);
        String recount = postbox("quota", "recalc", "kill.test");
        assertThat(recount).as("round %d: postbox quota recalc after kill -9 and restart", round)
                .contains("usage matched the stored messages; nothing to fix");
    }

    private void awaitKill(ScheduledFuture<?> kill) throws InterruptedException {
        try {
            kill.get(RECOVERY_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("kill -9 of postboxd failed", e);
        }
    }

    private void report(String fault, int injected, MailLedger.Verdict verdict, long recoveryMs) {
        FaultReport.append(new FaultReport.Fault(fault, backend.name(), injected, verdict.acknowledged(), verdict.lost().size(),
                verdict.duplicated().size(), recoveryMs));
    }

    private String postbox(String... arguments) {
        ChildProcess.Finished finished = distribution.postbox(config, logs, "postbox", List.of(arguments));
        assertThat(finished.exitCode()).as(finished.describe()).isZero();
        return finished.out();
    }

    private void postboxWithPassword(String... arguments) {
        try {
            Path input = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
            ChildProcess.Finished finished = distribution.postbox(config, logs, "postbox", List.of(arguments), Map.of(), input);
            assertThat(finished.exitCode()).as(finished.describe()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
