package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.jpa.testing.EmbeddedPostgresServer;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.system.Account;
import org.postbox.system.Pop3Session;
import org.postbox.system.PostboxDaemon;
import org.postbox.system.StoreBackend;
import org.postbox.system.TestMessages;

/**
 * PostgreSQL stopped (fast shutdown: every connection of the pool is ended) and started again
 * under a mixed load, {@link FaultSite#ROUNDS} times: while it is down a login and a QUIT that
 * must delete are answered {@code -ERR [SYS/TEMP]} and a delivery {@code 451 4.3.0}; once it is
 * back the same postboxd logs in and delivers again without a restart; the ledger is clean.
 * Every reply of the load's clients in between must be one of those temporary failures.
 *
 * <p>The figure {@code recovery_ms} is from PostgreSQL accepting connections again until a login
 * and a delivery both succeed, on a mailbox that no session held during the outage: a session that
 * ended while the database was down could not release its maildrop lease, which stays until it
 * expires ({@code store.lease}, 60 s by default; {@value #LEASE_SECONDS} s here, and the test waits
 * for it).
 */
class PostgresOutageTest {

    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    private static final int LEASE_SECONDS = 5;
    private static final Duration LEASE = Duration.ofSeconds(LEASE_SECONDS);
    private static final String TEMPORARY_DELIVERY_FAILURE = "451 4.3.0";

    @Test
    void whilePostgresIsDownEverythingIsTemporaryAndItRecoversWithoutARestart(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws SQLException {
        try (EmbeddedPostgresServer server = PostgresExtension.startDedicatedServer()) {
            PostgresDatabase database = createDatabase(server, "postbox_outage");
            // A short maildrop lease: a session that ends while PostgreSQL is down cannot release its
            // lock, which then stays until the lease expires (60 s by default).
            FaultSite site = new FaultSite(dir.resolve("postbox"),
                    StoreBackend.JPA.storeSection(dir, () -> database) + "  lease: " + LEASE.toSeconds() + "s\n");
            List<Account> loaded = FaultSite.accounts("outage.test", 3);
            // Outside the load, so that its maildrop lock and its mail are the test's own.
            Account probe = new Account("probe@outage.test", "secret-probe");
            // Never locked during an outage: its first login tells when the daemon has recovered.
            Account recovery = new Account("recovery@outage.test", "secret-recovery");
            List<Account> all = new ArrayList<>(loaded);
            all.add(probe);
            all.add(recovery);
            site.provision(all);
            MailLedger ledger = new MailLedger();
            int probeMessages = 1_000_000;
            long worstRecoveryMs = 0;

            try (PostboxDaemon daemon = site.startDaemon();
                 MixedLoad load = MixedLoad.start(ledger, loaded, List.of(site.endpoint()),
                         List.of(TEMPORARY_DELIVERY_FAILURE), 1)) {
                load.awaitProgress(load.observed(), 4, 1, RECOVERY_LIMIT);
                for (int round = 1; round <= FaultSite.ROUNDS; round++) {
                    byte[] kept = TestMessages.beforeTheMove(probe, probeMessages++);
                    assertThat(site.deliveryReply(probe, kept)).as("delivery before the outage").startsWith("250");
                    ledger.acknowledged(probe.address(), kept);
                    MixedLoad.Observed before = load.observed();
                    try (Pop3Session held = Pop3Session.login(site.pop3Port(), probe)) {
                        held.command("DELE 1");

                        server.stop();

                        // The three at once: each waits for the pool's connection timeout before it is answered.
                        byte[] refused = TestMessages.beforeTheMove(recovery, probeMessages++);
                        CompletableFuture<String> quit = CompletableFuture.supplyAsync(() -> held.send("QUIT"));
                        CompletableFuture<String> delivery = CompletableFuture.supplyAsync(
                                () -> site.deliveryReply(recovery, refused));
                        CompletableFuture<String> login = CompletableFuture.supplyAsync(() -> site.loginReply(recovery));
                        assertThat(quit.join()).as("QUIT of a session that deleted, PostgreSQL down (round %d)", round)
                                .startsWith("-ERR [SYS/TEMP]");
                        assertThat(delivery.join()).as("delivery, PostgreSQL down (round %d)", round)
                                .startsWith(TEMPORARY_DELIVERY_FAILURE);
                        assertThat(login.join()).as("login, PostgreSQL down (round %d)", round).startsWith("-ERR [SYS/TEMP]");
                    }
                    await("the load's MTA to be refused in the outage").atMost(RECOVERY_LIMIT)
                            .pollInterval(Duration.ofMillis(50))
                            .until(() -> load.observed().refusedDeliveries() > before.refusedDeliveries());

                    server.start();
                    long back = System.nanoTime();
                    byte[] afterwards = TestMessages.beforeTheMove(recovery, probeMessages++);
                    await("a login and a delivery once PostgreSQL is back").atMost(RECOVERY_LIMIT)
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> site.loginReply(recovery).startsWith("+OK")
                                    && site.deliveryReply(recovery, afterwards).startsWith("250"));
                    worstRecoveryMs = Math.max(worstRecoveryMs, (System.nanoTime() - back) / 1_000_000);
                    ledger.acknowledged(recovery.address(), afterwards);
                    // The lock of the session that ended in the outage is free once its lease has run out.
                    await("the lease of the session ended in the outage to run out").atMost(LEASE.multipliedBy(3))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> site.loginReply(probe).startsWith("+OK"));
                    // Recovered under load too: deliveries and deleting sessions go on.
                    load.awaitProgress(load.observed(), 3, 1, RECOVERY_LIMIT);
                }
                load.close();
                assertThat(load.wrong()).as("replies that an outage of PostgreSQL does not explain").isEmpty();
                MixedLoad.drain(ledger, all, site.pop3Port());
            }

            MailLedger.Verdict verdict = ledger.verdict();
            FaultReport.append(new FaultReport.Fault("postgres-restart", StoreBackend.JPA.name(), FaultSite.ROUNDS,
                    verdict.acknowledged(), verdict.lost().size(), verdict.duplicated().size(), worstRecoveryMs));
            assertThat(verdict.clean()).as("the ledger: %s", verdict).isTrue();
        }
    }

    private static PostgresDatabase createDatabase(EmbeddedPostgresServer server, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.url(server.maintenanceDatabase()), server.user(),
                server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new PostgresDatabase(name, server.url(name), server.user(), server.password());
    }
}
