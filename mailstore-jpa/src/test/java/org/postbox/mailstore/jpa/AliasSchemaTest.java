package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * How aliases, POP3 access, last logins and admin tokens lie in the schema: each rule the
 * directory keeps is one the schema keeps too, for whatever writes to it; and how a database of
 * the fourth version gets them.
 */
class AliasSchemaTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.org");

    @Test
    void aDatabaseOfTheFourthVersionKeepsItsMailboxesAddressesFromAliases() throws Exception {
        OlderSchema older = OlderSchema.at(POSTGRES, "4").with(
                "INSERT INTO domains (name) VALUES ('example.org')",
                "INSERT INTO mailboxes (domain_id, local_part, password_hash)"
                        + " SELECT id, 'alice', '{PLAIN}x' FROM domains");

        try (JpaStore store = older.open()) {
            assertThat(store.directory().account(ALICE)).hasValueSatisfying(account ->
                    assertThat(account.pop3Enabled()).isTrue());
            assertThat(store.directory().mailboxes(Optional.empty())).extracting(Mailbox::lastLogin)
                    .containsExactly(Optional.empty());
            store.directory().addMailbox(BOB, "{PLAIN}y");

            assertThatThrownBy(() -> store.directory().setAlias(new Alias(AliasName.of(ALICE), List.of(BOB))))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("alice@example.org");
            store.directory().setAlias(new Alias(AliasName.parse("sales@example.org"), List.of(ALICE, BOB)));
            assertThat(store.directory().resolve(MailboxAddress.parse("sales@example.org"))).containsExactly(ALICE, BOB);
        }
    }

    @Test
    void theSchemaKeepsOneNameSpaceOneCatchAllAndTheTargetsOfAliases() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(ALICE, "{PLAIN}x");
            store.directory().setAlias(new Alias(AliasName.parse("@example.org"), List.of(ALICE)));
            store.directory().setAlias(new Alias(AliasName.parse("sales@example.org"), List.of(ALICE)));
        }
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("INSERT INTO aliases (domain_id, local_part)"
                    + " SELECT id, NULL FROM domains"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("aliases_catch_all_key");
            assertThatThrownBy(() -> statement.execute("INSERT INTO addresses (domain_id, local_part, kind)"
                    + " SELECT id, 'alice', 'alias' FROM domains"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("addresses_pkey");
            assertThatThrownBy(() -> statement.execute("INSERT INTO mailboxes (domain_id, local_part, password_hash)"
                    + " SELECT id, 'sales', '{PLAIN}x' FROM domains"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("mailboxes_address_fkey");
            assertThatThrownBy(() -> statement.execute("INSERT INTO aliases (domain_id, local_part)"
                    + " SELECT id, 'nobody' FROM domains"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("aliases_address_fkey");
            assertThatThrownBy(() -> statement.execute("DELETE FROM mailboxes"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("alias_targets_mailbox_fkey");

            // A domain goes with its aliases, once its mailboxes are gone.
            statement.execute("DELETE FROM aliases");
            statement.execute("DELETE FROM mailboxes");
            statement.execute("DELETE FROM domains");
            try (var row = statement.executeQuery("SELECT (SELECT count(*) FROM addresses) + (SELECT count(*) FROM aliases)")) {
                row.next();
                assertThat(row.getInt(1)).isZero();
            }
        }
    }

    @Test
    void removingADomainRemovesItsAliasesAndCatchAll() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory().addDomain("example.org");
            store.directory().addDomain("example.net");
            store.directory().addMailbox(ALICE, "{PLAIN}x");
            store.directory().setAlias(new Alias(AliasName.parse("@example.net"), List.of(ALICE)));
            store.directory().setAlias(new Alias(AliasName.parse("sales@example.net"), List.of(ALICE)));

            store.directory().removeDomain("example.net");

            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                 var row = statement.executeQuery("""
                         SELECT (SELECT count(*) FROM aliases), (SELECT count(*) FROM alias_targets),
                                (SELECT count(*) FROM addresses)""")) {
                row.next();
                assertThat(row.getInt(1)).isZero();
                assertThat(row.getInt(2)).isZero();
                assertThat(row.getInt(3)).isEqualTo(1); // alice's
            }
            store.directory().removeMailbox(ALICE);
        }
    }

    @Test
    void aLastLoginIsKeptToTheSecondAndNeverMovesBack() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(ALICE, "{PLAIN}x");
            Instant later = Instant.parse("2026-05-06T07:08:09.999999Z");

            store.directory().recordLogin(ALICE, later);
            // Another daemon's login, recorded late: the later one stays.
            store.directory().recordLogin(ALICE, later.minusSeconds(60));

            assertThat(store.directory().mailboxes(Optional.empty())).extracting(Mailbox::lastLogin)
                    .containsExactly(Optional.of(Instant.parse("2026-05-06T07:08:09Z")));
        }
    }

    @Test
    void adminTokensHaveUniqueNamesAndSecretHashesAndAKnownScope() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory(); // migrated
        }
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO admin_tokens (name, scope, secret_hash, created_at) VALUES ('panel', 'WRITE', 'h1', now())");
            assertThatThrownBy(() -> statement.execute(
                    "INSERT INTO admin_tokens (name, scope, secret_hash, created_at) VALUES ('panel', 'READ', 'h2', now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("admin_tokens_name_key");
            assertThatThrownBy(() -> statement.execute(
                    "INSERT INTO admin_tokens (name, scope, secret_hash, created_at) VALUES ('other', 'READ', 'h1', now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("admin_tokens_secret_hash_key");
            assertThatThrownBy(() -> statement.execute(
                    "INSERT INTO admin_tokens (name, scope, secret_hash, created_at) VALUES ('other', 'ADMIN', 'h3', now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("admin_tokens_scope_check");
        }
    }
}
