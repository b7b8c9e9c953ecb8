package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/** Retention in the schema (migration V7): what mail of the sixth version becomes, and the checks on the new columns. */
class RetentionSchemaTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");

    @Test
    void mailOfTheSixthVersionIsNeitherHeldNorRetrievedAndNothingExpiresAfterTheMigration() throws Exception {
        OlderSchema older = OlderSchema.at(POSTGRES, "6").with(
                "INSERT INTO domains (name) VALUES ('example.org')",
                "INSERT INTO addresses (domain_id, local_part, kind) SELECT id, 'alice', 'mailbox' FROM domains",
                "INSERT INTO mailboxes (domain_id, local_part, password_hash, uid_validity, message_count, stored_octets)"
                        + " SELECT id, 'alice', '{PLAIN}x', 1000, 1, 0 FROM domains",
                "INSERT INTO messages (id, mailbox_id, stored_size, crlf_size, delivered_at)"
                        + " SELECT 36, id, 0, 0, now() FROM mailboxes");

        try (JpaStore store = older.open()) {
            assertThat(store.directory().mailboxRetention(ALICE))
                    .isEqualTo(new MailboxRetention(ALICE, Optional.empty(), DomainRetention.DEFAULT));
            try (Maildrop maildrop = store.open(ALICE)) {
                assertThat(maildrop.messages()).hasSize(1);
            }
        }
        try (Connection connection = older.database().connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("UPDATE domains SET hold_days = -1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("domains_retention_check");
            assertThatThrownBy(() -> statement.execute("UPDATE mailboxes SET expire_days = -2"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("mailboxes_expire_check");
        }
    }
}
