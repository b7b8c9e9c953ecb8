package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/** How app passwords lie in the schema, and how a database of the previous version gets them. */
class AppPasswordSchemaTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");

    @Test
    void aDatabaseOfTheSecondVersionGetsAppPasswordsAndKeepsItsMailboxes() throws Exception {
        OlderSchema older = OlderSchema.at(POSTGRES, "2").with(
                "INSERT INTO domains (name) VALUES ('example.org')",
                "INSERT INTO mailboxes (domain_id, local_part, password_hash)"
                        + " SELECT id, 'alice', '{PLAIN}x' FROM domains");

        try (JpaStore store = older.open()) {
            assertThat(store.directory().account(ALICE)).hasValueSatisfying(account ->
                    assertThat(account.appPasswords()).isEmpty());
            AppPassword phone = store.directory().addAppPassword(ALICE, "phone", "{SSHA512}cGhvbmU=");

            assertThat(store.directory().account(ALICE).orElseThrow().appPasswords()).containsExactly(phone);
        }
    }

    @Test
    void theSchemaKeepsNamesValidAndUniqueAndRemovesAppPasswordsWithTheirMailbox() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(ALICE, "{PLAIN}x");
            AppPassword phone = store.directory().addAppPassword(ALICE, "phone", "{PLAIN}y");

            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                try (var row = statement.executeQuery("SELECT name, password_hash, created_at FROM app_passwords")) {
                    row.next();
                    assertThat(row.getString(1)).isEqualTo("phone");
                    assertThat(row.getString(2)).isEqualTo("{PLAIN}y");
                    assertThat(row.getObject(3, java.time.OffsetDateTime.class).toInstant()).isEqualTo(phone.created());
                }
                assertThatThrownBy(() -> statement.execute("INSERT INTO app_passwords (mailbox_id, name, password_hash)"
                        + " SELECT id, 'two words', '{PLAIN}z' FROM mailboxes"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("app_passwords_name_check");
                assertThatThrownBy(() -> statement.execute("INSERT INTO app_passwords (mailbox_id, name, password_hash)"
                        + " SELECT id, 'phone', '{PLAIN}z' FROM mailboxes"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("app_passwords_name_key");

                statement.execute("DELETE FROM mailboxes");
                try (var row = statement.executeQuery("SELECT count(*) FROM app_passwords")) {
                    row.next();
                    assertThat(row.getInt(1)).isZero();
                }
            }
        }
    }

    @Test
    void creationTimesAreKeptToTheSecondAsGiven() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(ALICE, "{PLAIN}x");
            Instant before = Instant.now();

            AppPassword phone = store.directory().addAppPassword(ALICE, "phone", "{PLAIN}y");

            assertThat(phone.created().getNano()).isZero();
            assertThat(phone.created()).isBetween(before.minusSeconds(1), Instant.now());
            assertThat(store.directory().appPasswords(ALICE)).containsExactly(phone);
        }
    }
}
