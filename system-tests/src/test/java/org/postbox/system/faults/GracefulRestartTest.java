package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.system.Account;
import org.postbox.system.PostboxDaemon;
import org.postbox.system.StoreBackend;

/**
 * postboxd stopped with SIGTERM (as systemd restarts it) under a mixed load and started again,
 * {@link FaultSite#ROUNDS} times, on each store: no client sees a malformed reply or an altered
 * message (a RETR is byte-exact or its connection closes before the final dot), a login right
 * after the restart succeeds for every mailbox (no maildrop lock left behind), and the ledger is
 * clean.
 */
class GracefulRestartTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final Duration PROGRESS_LIMIT = Duration.ofSeconds(60);
    /**
     * What an MTA may hear from a daemon that is shutting down: the listener's closing reply, or
     * a temporary failure of a delivery it no longer finishes.
     */
    private static final List<String> SHUTDOWN_REFUSALS = List.of("421 ", "451 4.3.0");

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void sigtermUnderLoadLeavesNoCorruptReplyAndNoLock(StoreBackend backend,
                                                         @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) {
        FaultSite site = new FaultSite(dir.resolve("postbox"), backend.storeSection(dir, POSTGRES::createDatabase));
        List<Account> accounts = FaultSite.accounts("restart.test", 3);
        site.provision(accounts);
        MailLedger ledger = new MailLedger();
        long worstRecoveryMs = 0;

        PostboxDaemon daemon = site.startDaemon();
        try {
            for (int round = 1; round <= FaultSite.ROUNDS; round++) {
                try (MixedLoad load = MixedLoad.start(ledger, accounts, List.of(site.endpoint()), SHUTDOWN_REFUSALS,
                        round * 100_000)) {
                    load.awaitProgress(load.observed(), 4, 1, PROGRESS_LIMIT);
                    daemon.close();
                    // 143 is the JVM ended by SIGTERM after its shutdown hook; 137 would be the SIGKILL
                    // that follows when it had not stopped within the grace period.
                    assertThat(daemon.exitCode()).as("how postboxd ended on SIGTERM (round %d)", round).isIn(0, 143);
                    load.close();
                    assertThat(load.wrong()).as("replies of the daemon stopping (round %d)", round).isEmpty();
                }
                long restart = System.nanoTime();
                daemon = site.startDaemon();
                // Right after the restart, with no load: every mailbox is free.
                for (Account account : accounts) {
                    assertThat(site.loginReply(account)).as("login of %s after the restart (round %d)",
                            account, round).startsWith("+OK");
                    if (account == accounts.get(0)) {
                        worstRecoveryMs = Math.max(worstRecoveryMs, (System.nanoTime() - restart) / 1_000_000);
                    }
                }
            }
            MixedLoad.drain(ledger, accounts, site.pop3Port());
        } finally {
            daemon.close();
        }

        MailLedger.Verdict verdict = ledger.verdict();
        FaultReport.append(new FaultReport.Fault("sigterm-restart", backend.name(), FaultSite.ROUNDS, verdict.acknowledged(),
                verdict.lost().size(), verdict.duplicated().size(), worstRecoveryMs));
        assertThat(verdict.clean()).as("the ledger: %s", verdict).isTrue();
    }
}
