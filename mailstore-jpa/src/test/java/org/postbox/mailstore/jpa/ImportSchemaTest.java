package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportReport;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/** How imported UIDLs lie in the schema (migration V4), and what an import writes besides them. */
class ImportSchemaTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final Instant RECEIVED = Instant.parse("2019-05-06T07:08:09Z");

    @TempDir
    Path dir;

    @Test
    void messagesOfTheThirdVersionKeepTheirOwnUidlsAfterTheMigration() throws Exception {
        OlderSchema older = OlderSchema.at(POSTGRES, "3").with(
                "INSERT INTO domains (name) VALUES ('example.org')",
                "INSERT INTO mailboxes (domain_id, local_part, password_hash, uid_validity)"
                        + " SELECT id, 'alice', '{PLAIN}x', 1000 FROM domains",
                "INSERT INTO messages (id, mailbox_id, stored_size, crlf_size, delivered_at)"
                        + " SELECT 36, id, 0, 0, now() FROM mailboxes");

        try (JpaStore store = older.open();
             Maildrop maildrop = store.open(ALICE)) {
            assertThat(maildrop.messages()).containsExactly(new MessageInfo(UniqueIds.of(1000, 36), 0));
        }
    }

    @Test
    void anImportedMessageHasItsUidlAndReceivedTimeAndTheSchemaKeepsUidlsValidAndUnique() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        Path source = Files.writeString(dir.resolve("1600000001.M1P1.old:2,S"), "Subject: a\n\nb\n",
                StandardCharsets.US_ASCII);
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(ALICE, "{PLAIN}x");
            try (MailboxImport mailboxImport = store.importer().begin(ALICE)) {
                ImportReport report = mailboxImport.add(List.of(new ImportedMessage(source, "UID1", Files.size(source),
                        RECEIVED, ImportedMessage.Transfer.LINK)), MailboxImport.Verification.DIGEST);
                assertThat(report.outcomes()).containsExactly(new ImportOutcome.Imported("UID1", Files.size(source)));
            }
        }

        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT uidl, delivered_at, stored_size, crlf_size FROM messages")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("UID1");
                assertThat(row.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo(RECEIVED);
                assertThat(row.getLong(3)).isEqualTo(14);
                assertThat(row.getLong(4)).isEqualTo(17);
            }
            String copy = "INSERT INTO messages (mailbox_id, stored_size, crlf_size, delivered_at, uidl)"
                    + " SELECT id, 0, 0, now(), '%s' FROM mailboxes";
            assertThatThrownBy(() -> statement.execute(copy.formatted("UID1")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("messages_uidl_key");
            assertThatThrownBy(() -> statement.execute(copy.formatted("two words")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("messages_uidl_check");
            assertThatThrownBy(() -> statement.execute(copy.formatted("x".repeat(71))))
                    .isInstanceOf(SQLException.class);
            statement.execute("INSERT INTO messages (mailbox_id, stored_size, crlf_size, delivered_at)"
                    + " SELECT id, 0, 0, now() FROM mailboxes CROSS JOIN generate_series(1, 2)");
        }
        assertThat(Files.readString(source)).as("a linked source is read, never changed").isEqualTo("Subject: a\n\nb\n");
    }
}
