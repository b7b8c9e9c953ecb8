package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * Two daemons on one database, each a store with its own lease renewal. A daemon "crashes" by
 * having its renewal stopped and never being used again; it is closed only at the very end, which
 * must not disturb whoever holds its former maildrops by then.
 */
class MaildropLeaseTest {

    private static final Duration LEASE = Duration.ofSeconds(3);

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private final List<JpaStore> stores = new ArrayList<>();
    private PostgresDatabase database;
    private MailboxAddress alice;

    @BeforeEach
    void provision() {
        database = POSTGRES.createDatabase();
        JpaStore setup = daemon(Executors.newSingleThreadScheduledExecutor());
        alice = MailboxAddress.parse("alice@example.org");
        setup.directory().addDomain("example.org");
        setup.directory().addMailbox(alice, "{PLAIN}secret");
        for (int i = 1; i <= 3; i++) {
            assertThat(setup.deliver(List.of(alice), MessageSource.of(("Subject: " + i + "\n\nbody\n").getBytes(StandardCharsets.US_ASCII))))
                    .singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
        }
    }

    @AfterEach
    void closeStores() {
        stores.forEach(JpaStore::close);
    }

    @Test
    void aSecondDaemonIsRefusedForLongerThanTheLeaseWhileTheFirstRenewsIt() {
        JpaStore first = daemon(Executors.newSingleThreadScheduledExecutor());
        JpaStore second = daemon(Executors.newSingleThreadScheduledExecutor());

        try (Maildrop held = first.open(alice)) {
            await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> refused(second));
            assertThat(held.messages()).hasSize(3);
            assertThatThrownBy(() -> second.open(alice)).isInstanceOf(MaildropLockedException.class)
                    .hasMessageContaining("in use").hasMessageContaining("locked by");
        }
        try (Maildrop now = second.open(alice)) {
            assertThat(now.messages()).hasSize(3);
        }
    }

    @Test
    void aCrashedDaemonsMaildropOpensElsewhereOnceItsLeaseExpires() {
        ScheduledExecutorService crashedRenewal = Executors.newSingleThreadScheduledExecutor();
        JpaStore crashed = daemon(crashedRenewal);
        JpaStore survivor = daemon(Executors.newSingleThreadScheduledExecutor());
        crashed.open(alice);
        assertThatThrownBy(() -> survivor.open(alice)).isInstanceOf(MaildropLockedException.class);

        crashedRenewal.shutdownNow();

        Maildrop taken = await().atMost(LEASE.plus(Duration.ofSeconds(5))).pollInterval(Duration.ofMillis(100))
                .ignoreException(MaildropLockedException.class)
                .until(() -> survivor.open(alice), m -> true);
        try (taken) {
            assertThat(taken.messages()).as("nothing deleted by the dead session").hasSize(3);
            crashed.close();
            JpaStore third = daemon(Executors.newSingleThreadScheduledExecutor());
            assertThatThrownBy(() -> third.open(alice)).as("the crashed daemon's shutdown leaves the new lease alone")
                    .isInstanceOf(MaildropLockedException.class);
        }
    }

    @Test
    void aSessionWhoseLeaseWasTakenOverDeletesNothing() {
        ScheduledExecutorService stalledRenewal = Executors.newSingleThreadScheduledExecutor();
        JpaStore stalled = daemon(stalledRenewal);
        JpaStore other = daemon(Executors.newSingleThreadScheduledExecutor());
        Maildrop late = stalled.open(alice);
        stalledRenewal.shutdownNow();

        Maildrop taken = await().atMost(LEASE.plus(Duration.ofSeconds(5))).pollInterval(Duration.ofMillis(100))
                .ignoreException(MaildropLockedException.class)
                .until(() -> other.open(alice), m -> true);
        BitSet all = new BitSet();
        all.set(1, 4);

        assertThatThrownBy(() -> late.commit(all)).isInstanceOf(LockLostException.class)
                .hasMessageContaining("nothing was deleted");

        assertThat(taken.messages()).hasSize(3);
        taken.close();
        late.close();
        try (Maildrop check = other.open(alice)) {
            assertThat(check.messages()).hasSize(3);
        }
    }

    @Test
    void aSessionWhoseLeaseRanOutDeletesNothingEvenIfNoOneTookIt() throws Exception {
        ScheduledExecutorService stalledRenewal = Executors.newSingleThreadScheduledExecutor();
        JpaStore stalled = daemon(stalledRenewal);
        Maildrop late = stalled.open(alice);
        stalledRenewal.shutdownNow();

        await().atMost(LEASE.plus(Duration.ofSeconds(5))).pollInterval(Duration.ofMillis(100))
                .until(this::leaseExpired);
        BitSet first = new BitSet();
        first.set(1);

        assertThatThrownBy(() -> late.commit(first)).isInstanceOf(LockLostException.class);
        late.close();
        try (Maildrop check = daemon(Executors.newSingleThreadScheduledExecutor()).open(alice)) {
            assertThat(check.messages()).hasSize(3);
        }
    }

    @Test
    void theHolderCommitsAfterManyRenewals() {
        JpaStore daemon = daemon(Executors.newSingleThreadScheduledExecutor());
        JpaStore other = daemon(Executors.newSingleThreadScheduledExecutor());
        try (Maildrop held = daemon.open(alice)) {
            await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> refused(other));
            BitSet first = new BitSet();
            first.set(1);
            held.commit(first);
        }
        try (Maildrop after = other.open(alice)) {
            assertThat(after.messages()).hasSize(2);
        }
    }

    @Test
    void closingADaemonGivesBackAllItsLeasesAtOnce() {
        JpaStore closing = daemon(Executors.newSingleThreadScheduledExecutor());
        JpaStore other = daemon(Executors.newSingleThreadScheduledExecutor());
        MailboxAddress bob = MailboxAddress.parse("bob@example.org");
        other.directory().addMailbox(bob, "{PLAIN}secret");
        closing.open(alice);
        closing.open(bob);

        closing.close();

        try (Maildrop a = other.open(alice); Maildrop b = other.open(bob)) {
            assertThat(a.messages()).hasSize(3);
            assertThat(b.messages()).isEmpty();
        }
        assertThatThrownBy(() -> closing.open(alice)).isInstanceOf(org.postbox.mailstore.StoreUnavailableException.class);
    }

    private boolean refused(JpaStore store) {
        try {
            store.open(alice).close();
            return false;
        } catch (MaildropLockedException e) {
            return true;
        }
    }

    private boolean leaseExpired() throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT bool_and(expires_at < clock_timestamp()) FROM maildrop_leases")) {
            return row.next() && row.getBoolean(1);
        }
    }

    private JpaStore daemon(ScheduledExecutorService renewal) {
        JpaStore store = new JpaStore(JpaSettings.parse(database.storeSettings(Map.of("lease", LEASE.toSeconds() + "s")),
                Path.of(".")), renewal);
        stores.add(store);
        return store;
    }
}
