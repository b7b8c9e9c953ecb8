package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.system.Account;
import org.postbox.system.Pop3Session;
import org.postbox.system.PostboxDaemon;
import org.postbox.system.StoreBackend;

/**
 * Two postboxd on one store (one Maildir tree, or one database), each with its own ports and
 * spool, under a mixed load spread over both: the maildrop lock excludes across the daemons
 * (a login on one while the other holds the maildrop is {@code -ERR [IN-USE]}), and the ledger
 * is clean: no message lost, none delivered or retrieved twice.
 */
class TwoDaemonsTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final Duration PROGRESS_LIMIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void twoDaemonsShareOneStoreSafely(StoreBackend backend, @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) {
        String store = backend.storeSection(dir, POSTGRES::createDatabase);
        FaultSite first = new FaultSite(dir.resolve("first"), store);
        FaultSite second = new FaultSite(dir.resolve("second"), store);
        List<Account> loaded = FaultSite.accounts("shared.test", 3);
        Account probe = new Account("probe@shared.test", "secret-probe");
        List<Account> all = new ArrayList<>(loaded);
        all.add(probe);
        first.provision(all);
        MailLedger ledger = new MailLedger();

        try (PostboxDaemon one = first.startDaemon(); PostboxDaemon two = second.startDaemon()) {
            assertExclusive(first, second, probe);
            assertExclusive(second, first, probe);

            for (int round = 1; round <= FaultSite.ROUNDS; round++) {
                try (MixedLoad load = MixedLoad.start(ledger, loaded, List.of(first.endpoint(), second.endpoint()),
                        List.of(), round * 100_000)) {
                    load.awaitProgress(load.observed(), 8, 3, PROGRESS_LIMIT);
                    load.close();
                    assertThat(load.wrong()).as("replies that two daemons on one store do not explain").isEmpty();
                }
            }
            MixedLoad.drain(ledger, all, second.pop3Port());
            MixedLoad.drain(ledger, all, first.pop3Port());
        }

        MailLedger.Verdict verdict = ledger.verdict();
        FaultReport.append(new FaultReport.Fault(backend == StoreBackend.JPA ? "two-daemons-one-database"
                : "two-daemons-one-maildir-tree", backend.name(), FaultSite.ROUNDS, verdict.acknowledged(),
                verdict.lost().size(), verdict.duplicated().size(), 0));
        assertThat(verdict.clean()).as("the ledger: %s", verdict).isTrue();
    }

    /** While a session on {@code holder} has the maildrop, a login on {@code other} is refused, and succeeds after its QUIT. */
    private static void assertExclusive(FaultSite holder, FaultSite other, Account account) {
        try (Pop3Session held = Pop3Session.login(holder.pop3Port(), account)) {
            assertThat(other.loginReply(account)).as("login on the other daemon while one holds the maildrop")
                    .startsWith("-ERR [IN-USE]");
            held.command("QUIT");
        }
        // The lock may be released just after the +OK to QUIT has gone out.
        await("a login on the other daemon once the maildrop is free").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> other.loginReply(account).startsWith("+OK"));
    }
}
