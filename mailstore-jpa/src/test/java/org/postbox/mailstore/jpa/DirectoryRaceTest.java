package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasConflictException;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * Directory changes of two daemons at the worst moment: another daemon's change is held open,
 * uncommitted, in a plain transaction, so the store's own checks find nothing wrong; the store's
 * change then waits on that transaction's rows, and once it commits, the schema must refuse what
 * the checks could not see.
 */
class DirectoryRaceTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.org");
    private static final MailboxAddress SALES = MailboxAddress.parse("sales@example.org");

    private final ExecutorService background = Executors.newCachedThreadPool();
    private PostgresDatabase database;
    private JpaStore store;
    private Connection otherDaemon;

    @BeforeEach
    void provision() throws SQLException {
        database = POSTGRES.createDatabase();
        store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")));
        store.directory().addDomain("example.org");
        store.directory().addDomain("example.net");
        store.directory().addMailbox(ALICE, "{PLAIN}a");
        store.directory().addMailbox(BOB, "{PLAIN}b");
        otherDaemon = database.connect();
        otherDaemon.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        otherDaemon.close();
        background.shutdownNow();
        store.close();
    }

    @Test
    void aMailboxAddedWhileAnAliasOfItsAddressCommitsIsRefused() throws Exception {
        otherDaemonRuns("""
                INSERT INTO addresses (domain_id, local_part, kind) SELECT id, 'sales', 'alias' FROM domains WHERE name = 'example.org';
                INSERT INTO aliases (domain_id, local_part) SELECT id, 'sales' FROM domains WHERE name = 'example.org';
                INSERT INTO alias_targets (alias_id, mailbox_id, position)
                SELECT a.id, m.id, 0 FROM aliases a, mailboxes m WHERE a.local_part = 'sales' AND m.local_part = 'bob'""");

        Future<?> adding = background.submit(() -> store.directory().addMailbox(SALES, "{PLAIN}s"));
        awaitWaiting(1);
        otherDaemon.commit();

        assertThatThrownBy(() -> outcome(adding)).isInstanceOf(AlreadyExistsException.class).hasMessageContaining("alias");
        assertThat(store.directory().mailboxes(Optional.empty())).extracting(Mailbox::address).containsExactly(ALICE, BOB);
        assertThat(store.directory().resolve(SALES)).containsExactly(BOB);
    }

    @Test
    void anAliasSetWhileAMailboxOfItsAddressCommitsIsRefused() throws Exception {
        otherDaemonRuns("""
                INSERT INTO addresses (domain_id, local_part, kind) SELECT id, 'sales', 'mailbox' FROM domains WHERE name = 'example.org';
                INSERT INTO mailboxes (domain_id, local_part, password_hash) SELECT id, 'sales', '{PLAIN}s' FROM domains WHERE name = 'example.org'""");

        Future<?> setting = background.submit(() -> store.directory().setAlias(new Alias(AliasName.of(SALES), List.of(BOB))));
        awaitWaiting(1);
        otherDaemon.commit();

        assertThatThrownBy(() -> outcome(setting)).isInstanceOf(AlreadyExistsException.class).hasMessageContaining("mailbox");
        assertThat(store.directory().aliases("example.org")).isEmpty();
        assertThat(store.directory().resolve(SALES)).containsExactly(SALES);
    }

    @Test
    void aMailboxThatBecomesATargetWhileItIsRemovedStaysWithItsMail() throws Exception {
        deliver(BOB, "kept");
        otherDaemonRuns("""
                INSERT INTO aliases (domain_id, local_part) SELECT id, NULL FROM domains WHERE name = 'example.org';
                INSERT INTO alias_targets (alias_id, mailbox_id, position)
                SELECT a.id, m.id, 0 FROM aliases a, mailboxes m WHERE a.local_part IS NULL AND m.local_part = 'bob'""");

        Future<?> removing = background.submit(() -> store.directory().removeMailbox(BOB));
        awaitWaiting(1);
        otherDaemon.commit();

        assertThatThrownBy(() -> outcome(removing)).isInstanceOf(AliasConflictException.class).hasMessageContaining("bob");
        assertThat(store.directory().resolve(MailboxAddress.parse("anyone@example.org"))).containsExactly(BOB);
        try (Maildrop maildrop = store.open(BOB)) {
            assertThat(maildrop.messages()).hasSize(1);
        }
        assertThat(store.directory().domainQuota("example.org").usage().messages()).isEqualTo(1);
    }

    /**
     * The rename waits for the other daemon's lock on the new domain while it holds the maildrop's
     * lease; a session opening the old address meanwhile waits for the lease, then finds the
     * address gone rather than opening the renamed mailbox under it.
     */
    @Test
    void aMaildropOpenedWhileItsMailboxIsRenamedIsNotOpenedUnderTheOldAddress() throws Exception {
        deliver(ALICE, "moving");
        MailboxAddress moved = MailboxAddress.parse("alice@example.net");
        otherDaemonRuns("SELECT id FROM domains WHERE name = 'example.net' FOR NO KEY UPDATE");

        Future<?> renaming = background.submit(() -> store.directory().renameMailbox(ALICE, moved));
        awaitWaiting(1);
        Future<Maildrop> opening = background.submit(() -> store.open(ALICE));
        awaitWaiting(2);
        otherDaemon.commit();

        outcome(renaming);
        assertThatThrownBy(() -> outcome(opening)).isInstanceOf(NoSuchMailboxException.class);
        try (Maildrop maildrop = store.open(moved)) {
            assertThat(maildrop.messages()).hasSize(1);
        }
        assertThat(store.directory().domainQuota("example.net").usage().messages()).isEqualTo(1);
        assertThat(store.directory().domainQuota("example.org").usage().messages()).isZero();
    }

    private void otherDaemonRuns(String statements) throws SQLException {
        try (Statement statement = otherDaemon.createStatement()) {
            for (String sql : statements.split(";\n")) {
                statement.execute(sql);
            }
        }
    }

    /** Until {@code sessions} other sessions of the test's database wait for a lock. */
    private void awaitWaiting(int sessions) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("""
                         SELECT count(*) FROM pg_stat_activity
                          WHERE datname = current_database() AND wait_event_type = 'Lock'""")) {
                row.next();
                return row.getInt(1) >= sessions;
            }
        });
    }

    private void deliver(MailboxAddress to, String subject) {
        assertThat(store.deliver(List.of(to), MessageSource.of(("Subject: " + subject + "\n\nbody\n")
                .getBytes(StandardCharsets.US_ASCII)))).singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    /** What a background change returned, or the exception it threw, as thrown. */
    private static <T> T outcome(Future<T> change) throws Exception {
        try {
            return change.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
