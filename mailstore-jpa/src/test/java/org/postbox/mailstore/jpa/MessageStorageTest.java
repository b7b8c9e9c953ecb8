package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.CrlfSize;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/** How mail lies in the database: chunks, copies, usage and limits, ids, the schema and its indexes. */
class MessageStorageTest {

    private static final int CHUNK = JpaDelivery.CHUNK_SIZE;

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresDatabase database;
    private JpaStore store;
    private final MailboxAddress alice = MailboxAddress.parse("alice@example.org");
    private final MailboxAddress bob = MailboxAddress.parse("bob@example.org");
    private final MailboxAddress carol = MailboxAddress.parse("carol@example.net");

    @BeforeEach
    void provision() {
        database = POSTGRES.createDatabase();
        store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")));
        store.directory().addDomain("example.org");
        store.directory().addDomain("example.net");
        for (MailboxAddress address : List.of(alice, bob, carol)) {
            store.directory().addMailbox(address, "{PLAIN}secret");
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aBodyIsStoredInFixedSizeChunksWithItsExactSizes() throws Exception {
        byte[] mail = body(2 * CHUNK + 1234);

        deliver(alice, mail);

        assertThat(query("SELECT length(data) FROM message_chunks ORDER BY seq"))
                .containsExactly((long) CHUNK, (long) CHUNK, 1234L);
        assertThat(query("SELECT stored_size FROM messages")).containsExactly((long) mail.length);
        assertThat(query("SELECT crlf_size FROM messages")).containsExactly(CrlfSize.of(mail));
    }

    @Test
    void contentFetchesTheNextChunkOnlyWhenTheCurrentOneIsConsumed() throws Exception {
        byte[] mail = body(3 * CHUNK);
        deliver(alice, mail);

        try (Maildrop maildrop = store.open(alice); InputStream in = maildrop.content(1)) {
            byte[] start = in.readNBytes(CHUNK + 10);
            assertThat(start).isEqualTo(Arrays.copyOf(mail, CHUNK + 10));
            // The third chunk has not been read yet: take it away behind the store's back.
            execute("DELETE FROM message_chunks WHERE seq = 2");

            assertThat(in.readNBytes(CHUNK - 10)).isEqualTo(Arrays.copyOfRange(mail, CHUNK + 10, 2 * CHUNK));
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("chunk 2");
        }
    }

    @Test
    void theSourceIsReadOnceForManyRecipientsAndEachGetsAFullCopy() throws Exception {
        byte[] mail = body(CHUNK + 99);
        AtomicInteger opened = new AtomicInteger();
        MessageSource counting = () -> {
            opened.incrementAndGet();
            return new java.io.ByteArrayInputStream(mail);
        };

        List<DeliveryOutcome> outcomes = store.deliver(List.of(alice, bob, carol), counting);

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(DeliveryOutcome.Delivered.class));
        assertThat(opened).hasValue(1);
        assertThat(query("SELECT count(*) FROM message_chunks")).containsExactly(6L);
        for (MailboxAddress recipient : List.of(alice, bob, carol)) {
            try (Maildrop maildrop = store.open(recipient); InputStream in = maildrop.content(1)) {
                assertThat(maildrop.messages()).extracting(MessageInfo::size).containsExactly(CrlfSize.of(mail));
                assertThat(in.readAllBytes()).isEqualTo(mail);
            }
        }
        // Deleting one copy leaves the others whole.
        try (Maildrop maildrop = store.open(bob)) {
            BitSet first = new BitSet();
            first.set(1);
            maildrop.commit(first);
        }
        try (Maildrop maildrop = store.open(carol); InputStream in = maildrop.content(1)) {
            assertThat(in.readAllBytes()).isEqualTo(mail);
        }
    }

    @Test
    void usageFollowsDeliveriesAndDeletions() {
        byte[] small = body(100);
        byte[] large = body(CHUNK + 1);
        deliver(alice, small);
        deliver(alice, large);
        deliver(alice, small);
        assertThat(usage(alice)).isEqualTo(new QuotaUsage(2L * small.length + large.length, 3));

        try (Maildrop maildrop = store.open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(2);
            deleted.set(3);
            maildrop.commit(deleted);
            maildrop.commit(deleted);
        }

        assertThat(usage(alice)).isEqualTo(new QuotaUsage(small.length, 1));
    }

    @Test
    void aMailboxOverItsMessageLimitRefusesMailUntilSomeIsDeleted() throws Exception {
        execute("UPDATE mailboxes SET quota_messages = 2 WHERE local_part = 'alice'");
        deliver(alice, body(10));
        deliver(alice, body(10));

        List<DeliveryOutcome> refused = store.deliver(List.of(alice, bob), MessageSource.of(body(10)));

        assertThat(refused.get(0)).isInstanceOf(DeliveryOutcome.OverQuota.class);
        assertThat(refused.get(1)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(usage(alice)).isEqualTo(new QuotaUsage(20, 2));
        try (Maildrop maildrop = store.open(alice)) {
            BitSet first = new BitSet();
            first.set(1);
            maildrop.commit(first);
        }
        deliver(alice, body(10));
    }

    @Test
    void aMessageThatWouldPassTheOctetLimitIsRefusedWhole() throws Exception {
        execute("UPDATE mailboxes SET quota_octets = " + (CHUNK + 100) + " WHERE local_part = 'alice'");
        deliver(alice, body(CHUNK));

        assertThat(store.deliver(List.of(alice), MessageSource.of(body(200))))
                .singleElement().isInstanceOf(DeliveryOutcome.OverQuota.class);

        assertThat(usage(alice)).isEqualTo(new QuotaUsage(CHUNK, 1));
        assertThat(query("SELECT count(*) FROM message_chunks")).containsExactly(1L);
        deliver(alice, body(100));
    }

    @Test
    void uniqueIdsCarryTheMailboxValidityAndAreNewForARecreatedMailbox() {
        String before = deliver(alice, body(10));
        store.directory().removeMailbox(alice);
        store.directory().addMailbox(alice, "{PLAIN}secret");
        String after = deliver(alice, body(10));

        assertThat(before).matches("[0-9a-z]+\\.[0-9a-z]+");
        assertThat(after).matches("[0-9a-z]+\\.[0-9a-z]+");
        assertThat(after.substring(0, after.indexOf('.'))).isNotEqualTo(before.substring(0, before.indexOf('.')));
    }

    @Test
    void aSnapshotOfManyMessagesListsEachInDeliveryOrderAcrossFetches() throws Exception {
        deliver(alice, body(10));
        // More rows than one fetch of the listing holds, written as delivery writes them (minus bodies).
        execute("""
                INSERT INTO messages (mailbox_id, stored_size, crlf_size, delivered_at)
                SELECT m.id, 2000 + g % 1000, 2000 + g % 1000 + g % 7, clock_timestamp()
                  FROM mailboxes m, generate_series(1, 25000) g WHERE m.local_part = 'alice' ORDER BY g""");
        execute("UPDATE mailboxes SET message_count = 25001 WHERE local_part = 'alice'");
        long uidValidity = query("SELECT uid_validity FROM mailboxes WHERE local_part = 'alice'").get(0);
        List<Long> ids = query("SELECT id FROM messages WHERE mailbox_id = (SELECT id FROM mailboxes WHERE local_part = 'alice') ORDER BY id");
        List<Long> sizes = query("SELECT crlf_size FROM messages WHERE mailbox_id = (SELECT id FROM mailboxes WHERE local_part = 'alice') ORDER BY id");

        try (Maildrop maildrop = store.open(alice); InputStream first = maildrop.content(1)) {
            List<MessageInfo> expected = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                expected.add(new MessageInfo(UniqueIds.of(uidValidity, ids.get(i)), sizes.get(i)));
            }
            assertThat(maildrop.messages()).hasSize(25_001).isEqualTo(expected);
            assertThat(first.readAllBytes()).isEqualTo(body(10));
        }
    }

    @Test
    void aSnapshotHoldsEveryMessageWhateverTheMessageCounterSays() throws Exception {
        List<String> uniqueIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            uniqueIds.add(deliver(alice, body(10 + i)));
        }

        for (long drifted : new long[] {0, 3, 39, 41, 5_000}) {
            execute("UPDATE mailboxes SET message_count = " + drifted + " WHERE local_part = 'alice'");
            try (Maildrop maildrop = store.open(alice)) {
                assertThat(maildrop.messages()).as("message counter %d", drifted)
                        .extracting(MessageInfo::uniqueId).containsExactlyElementsOf(uniqueIds);
                assertThat(maildrop.messages().get(39).size()).isEqualTo(CrlfSize.of(body(49)));
            }
        }
    }

    @Test
    void removingAMailboxRemovesItsMessagesAndChunks() throws Exception {
        deliver(alice, body(CHUNK + 5));
        deliver(bob, body(10));

        store.directory().removeMailbox(alice);

        assertThat(query("SELECT count(*) FROM messages")).containsExactly(1L);
        assertThat(query("SELECT count(*) FROM message_chunks")).containsExactly(1L);
    }

    @Test
    void theSchemaIsAtTheLatestMigrationAndListingIsAnIndexOnlyScan() throws Exception {
        assertThat(query("SELECT max(version::int) FROM flyway_schema_history WHERE success")).containsExactly(8L);
        deliver(alice, body(10));
        execute("VACUUM ANALYZE messages");

        List<String> plan = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            statement.execute("SET enable_bitmapscan = off");
            try (ResultSet rows = statement.executeQuery(
                    "EXPLAIN SELECT id, crlf_size, uidl FROM messages WHERE mailbox_id = 1 AND held_at IS NULL ORDER BY id")) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
        }
        assertThat(String.join("\n", plan)).contains("Index Only Scan using messages_listing_idx").doesNotContain("Sort");
    }

    @Test
    void anotherStoreOverAnUpToDateSchemaMigratesNothing() throws Exception {
        List<Long> migrated = query("SELECT count(*) FROM flyway_schema_history");
        try (JpaStore second = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            assertThat(second.directory().mailboxes(Optional.empty())).hasSize(3);
        }
        assertThat(query("SELECT count(*) FROM flyway_schema_history")).isEqualTo(migrated);
    }

    private String deliver(MailboxAddress to, byte[] mail) {
        List<DeliveryOutcome> outcomes = store.deliver(List.of(to), MessageSource.of(mail));
        assertThat(outcomes).singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
        return ((DeliveryOutcome.Delivered) outcomes.get(0)).uniqueId();
    }

    private QuotaUsage usage(MailboxAddress address) {
        return store.directory().mailboxes(Optional.of(address.domain())).stream()
                .filter(m -> m.address().equals(address)).findFirst()
                .map(m -> new QuotaUsage(m.storedOctets(), m.messageCount())).orElseThrow();
    }

    /** Lines of LF-terminated text, cut at exactly {@code length} octets. */
    private static byte[] body(int length) {
        byte[] text = new byte[length];
        byte[] line = "The quick brown fox jumps over the lazy dog.\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            text[i] = line[i % line.length];
        }
        return text;
    }

    private List<Long> query(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
