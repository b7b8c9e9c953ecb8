package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.CrlfSize;
import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportReport;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.ImportedMessage.Transfer;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.MailboxImport.Verification;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * Importing mail from another server with its UIDLs ({@link org.postbox.mailstore.MessageImporter},
 * {@link MailboxImport}): what the import adds is what POP3 then lists, in the same order and under
 * the same UIDLs, however often the import runs.
 *
 * <p>Sources are files in a Maildir of the test's own, named as Dovecot names them.
 */
public interface ImportContract extends ConformanceFixture {

    Instant RECEIVED = Instant.parse("2021-03-04T05:06:07Z");

    /** A message file of the old server, in {@code <scratch>/old/cur/}, with LF line ends as Dovecot stores them. */
    default Path oldMessage(int n) {
        return oldMessage(n, message("old message " + n));
    }

    default Path oldMessage(int n, byte[] content) {
        Path cur = scratchDirectory().resolve("old/cur");
        Path file = cur.resolve((1600000000 + n) + ".M" + n + "P42.oldhost,S=" + content.length + ":2,S");
        try {
            Files.createDirectories(cur);
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of {@code file} under {@code uidl}, with the file's length as its expected size. */
    default ImportedMessage imported(Path file, String uidl, Transfer transfer) {
        try {
            return new ImportedMessage(file, uidl, Files.size(file), RECEIVED, transfer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Old messages 1..count under the UIDLs {@code UID<n>-old}, copied. */
    default List<ImportedMessage> oldMessages(int count) {
        List<ImportedMessage> batch = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            batch.add(imported(oldMessage(n), "UID" + n + "-old", Transfer.COPY));
        }
        return batch;
    }

    default ImportReport importInto(MailboxAddress address, List<ImportedMessage> batch) {
        try (MailboxImport mailboxImport = store().importer().begin(address)) {
            return mailboxImport.add(batch, Verification.SIZE);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    default void importedMessagesAreListedWithTheirUidlsInTheGivenOrder() {
        MailboxAddress alice = mailbox("alice@example.org");
        // The old server's order is not the order of the file names.
        Path third = oldMessage(3);
        Path first = oldMessage(1);
        Path second = oldMessage(2, "Subject: crlf\r\n\r\nline\r\n".getBytes(StandardCharsets.US_ASCII));
        List<ImportedMessage> batch = List.of(imported(third, "zz-3", Transfer.COPY),
                imported(first, "1a2b3c", Transfer.COPY), imported(second, "UID2.1234", Transfer.COPY));

        ImportReport report = importInto(alice, batch);

        assertThat(report.outcomes()).containsExactly(
                new ImportOutcome.Imported("zz-3", bytes(third).length),
                new ImportOutcome.Imported("1a2b3c", bytes(first).length),
                new ImportOutcome.Imported("UID2.1234", bytes(second).length));
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).containsExactly(
                    new MessageInfo("zz-3", CrlfSize.of(bytes(third))),
                    new MessageInfo("1a2b3c", CrlfSize.of(bytes(first))),
                    new MessageInfo("UID2.1234", CrlfSize.of(bytes(second))));
            assertThat(content(maildrop, 1)).isEqualTo(bytes(third));
            assertThat(content(maildrop, 2)).isEqualTo(bytes(first));
            assertThat(content(maildrop, 3)).isEqualTo(bytes(second));
        }
        assertThat(uniqueIds(alice)).as("as listed again").containsExactly("zz-3", "1a2b3c", "UID2.1234");
    }

    @Test
    default void importedMessagesComeAfterTheMailboxsOwnAndLaterMailAfterThem() {
        MailboxAddress alice = mailbox("alice@example.org");
        String before = deliver(alice, message("delivered before"));

        importInto(alice, oldMessages(2));
        String after = deliver(alice, message("delivered after"));

        assertThat(uniqueIds(alice)).containsExactly(before, "UID1-old", "UID2-old", after);
        try (MailboxImport mailboxImport = store().importer().begin(alice)) {
            mailboxImport.add(List.of(imported(oldMessage(7), "UID7-old", Transfer.COPY)), Verification.SIZE);
        }
        assertThat(uniqueIds(alice)).containsExactly(before, "UID1-old", "UID2-old", after, "UID7-old");
        assertThat(after).isNotIn("UID1-old", "UID2-old", "UID7-old");
    }

    @Test
    default void importingAgainSkipsEverythingImportedAlready() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<ImportedMessage> batch = oldMessages(3);
        importInto(alice, batch);

        ImportReport again = importInto(alice, batch);

        assertThat(again.outcomes()).containsExactly(new ImportOutcome.AlreadyPresent("UID1-old"),
                new ImportOutcome.AlreadyPresent("UID2-old"), new ImportOutcome.AlreadyPresent("UID3-old"));
        assertThat(uniqueIds(alice)).containsExactly("UID1-old", "UID2-old", "UID3-old");
        try (MailboxImport mailboxImport = store().importer().begin(alice)) {
            assertThat(mailboxImport.address()).isEqualTo(alice);
            assertThat(mailboxImport.present(List.of("UID3-old", "UID4-old", "UID1-old")))
                    .isEqualTo(Set.of("UID1-old", "UID3-old"));
        }
    }

    @Test
    default void theMailboxsOwnUidlsArePresentToo() {
        MailboxAddress alice = mailbox("alice@example.org");
        String own = deliver(alice, message("delivered"));

        try (MailboxImport mailboxImport = store().importer().begin(alice)) {
            assertThat(mailboxImport.present(List.of(own, "other"))).containsExactly(own);
            ImportReport report = mailboxImport.add(List.of(imported(oldMessage(1), own, Transfer.COPY)),
                    Verification.SIZE);
            assertThat(report.outcomes()).containsExactly(new ImportOutcome.AlreadyPresent(own));
        }
        assertThat(uniqueIds(alice)).containsExactly(own);
    }

    @Test
    default void anInterruptedBatchAddedAgainEndsWithEveryMessageOnceInOrder() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<ImportedMessage> batch = oldMessages(5);
        // What a crash after the second message leaves: a prefix of the batch.
        importInto(alice, batch.subList(0, 2));

        ImportReport rest = importInto(alice, batch);

        assertThat(rest.alreadyPresent()).isEqualTo(2);
        assertThat(rest.imported()).isEqualTo(3);
        assertThat(uniqueIds(alice)).containsExactly("UID1-old", "UID2-old", "UID3-old", "UID4-old", "UID5-old");
        try (Maildrop maildrop = store().open(alice)) {
            for (int n = 1; n <= 5; n++) {
                assertThat(content(maildrop, n)).isEqualTo(message("old message " + n));
            }
        }
    }

    @Test
    default void severalBatchesOfOneImportKeepTheirOrder() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<ImportedMessage> all = oldMessages(6);

        try (MailboxImport mailboxImport = store().importer().begin(alice)) {
            mailboxImport.add(all.subList(0, 2), Verification.SIZE);
            mailboxImport.add(all.subList(2, 3), Verification.SIZE);
            ImportReport last = mailboxImport.add(all.subList(1, 6), Verification.SIZE);
            assertThat(last.alreadyPresent()).isEqualTo(2);
        }

        assertThat(uniqueIds(alice)).containsExactly("UID1-old", "UID2-old", "UID3-old", "UID4-old", "UID5-old",
                "UID6-old");
    }

    @Test
    default void aMessageOfAnotherSizeIsRefusedAndNotImported() throws IOException {
        MailboxAddress alice = mailbox("alice@example.org");
        Path file = oldMessage(1);
        Path missing = scratchDirectory().resolve("old/cur/1600000009.M9P42.oldhost:2,");
        List<ImportedMessage> batch = List.of(
                new ImportedMessage(file, "wrong-size", Files.size(file) + 1, RECEIVED, Transfer.COPY),
                new ImportedMessage(missing, "missing", 10, RECEIVED, Transfer.COPY),
                imported(oldMessage(2), "right-size", Transfer.COPY));

        ImportReport report = importInto(alice, batch);

        assertThat(report.outcomes()).hasSize(3);
        assertThat(report.outcomes().get(0)).isInstanceOfSatisfying(ImportOutcome.Refused.class,
                refused -> assertThat(refused.problem()).isEqualTo(ImportOutcome.Problem.SIZE_MISMATCH));
        assertThat(report.outcomes().get(1)).isInstanceOfSatisfying(ImportOutcome.Refused.class,
                refused -> assertThat(refused.problem()).isEqualTo(ImportOutcome.Problem.UNREADABLE_SOURCE));
        assertThat(report.outcomes().get(2)).isInstanceOf(ImportOutcome.Imported.class);
        assertThat(uniqueIds(alice)).containsExactly("right-size");
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(bytes(oldMessage(2)).length, 1));
    }

    @Test
    default void invalidUidlsCannotBeImported() {
        Path file = oldMessage(1);
        for (String invalid : List.of("", "x".repeat(71), "with space", "tab\tid", "caf\u00e9")) {
            assertThatThrownBy(() -> imported(file, invalid, Transfer.COPY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UIDL");
        }
        assertThat(imported(file, "~".repeat(70), Transfer.COPY).uidl()).hasSize(70);
        assertThat(imported(file, "!", Transfer.COPY).uidl()).isEqualTo("!");
    }

    @Test
    default void aUidlTwiceInOneBatchIsRefusedTheSecondTime() {
        MailboxAddress alice = mailbox("alice@example.org");

        ImportReport report = importInto(alice, List.of(imported(oldMessage(1), "same", Transfer.COPY),
                imported(oldMessage(2), "same", Transfer.COPY), imported(oldMessage(3), "other", Transfer.COPY)));

        assertThat(report.outcomes().get(0)).isEqualTo(new ImportOutcome.Imported("same", bytes(oldMessage(1)).length));
        assertThat(report.outcomes().get(1)).isInstanceOfSatisfying(ImportOutcome.Refused.class,
                refused -> assertThat(refused.problem()).isEqualTo(ImportOutcome.Problem.DUPLICATE_UIDL));
        assertThat(uniqueIds(alice)).containsExactly("same", "other");
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(content(maildrop, 1)).isEqualTo(message("old message 1"));
        }
    }

    @Test
    default void aMaildropInUseCannotBeImportedIntoNorOpenedDuringAnImport() {
        MailboxAddress alice = mailbox("alice@example.org");

        try (Maildrop session = store().open(alice)) {
            assertThatThrownBy(() -> store().importer().begin(alice)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> secondInstance().importer().begin(alice))
                    .isInstanceOf(MaildropLockedException.class);
        }
        try (MailboxImport mailboxImport = store().importer().begin(alice)) {
            assertThatThrownBy(() -> store().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> secondInstance().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> store().importer().begin(alice)).isInstanceOf(MaildropLockedException.class);
            mailboxImport.add(oldMessages(1), Verification.SIZE);
        }
        assertThat(uniqueIds(alice)).containsExactly("UID1-old");
    }

    @Test
    default void importingIntoAnUnknownMailboxIsRefused() {
        mailbox("alice@example.org");

        assertThatThrownBy(() -> store().importer().begin(MailboxAddress.parse("bob@example.org")))
                .isInstanceOf(NoSuchMailboxException.class);
    }

    @Test
    default void aClosedImportTakesNothingMore() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxImport mailboxImport = store().importer().begin(alice);
        mailboxImport.close();
        mailboxImport.close();

        assertThatThrownBy(() -> mailboxImport.add(oldMessages(1), Verification.SIZE))
                .isInstanceOf(IllegalStateException.class);
        assertThat(uniqueIds(alice)).isEmpty();
    }

    @Test
    default void deletingAnImportedMessageLeavesTheOthersWithTheirUidls() {
        MailboxAddress alice = mailbox("alice@example.org");
        String own = deliver(alice, message("own"));
        importInto(alice, oldMessages(3));

        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(3); // UID2-old
            maildrop.commit(deleted);
        }

        assertThat(uniqueIds(alice)).containsExactly(own, "UID1-old", "UID3-old");
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(content(maildrop, 3)).isEqualTo(message("old message 3"));
            BitSet deleted = new BitSet();
            deleted.set(1);
            deleted.set(3);
            maildrop.commit(deleted);
        }
        String later = deliver(alice, message("later"));
        assertThat(uniqueIds(alice)).containsExactly("UID1-old", later);
        assertThat(directory().mailboxQuota(alice).usage())
                .isEqualTo(new QuotaUsage(message("old message 1").length + message("later").length, 2));
    }

    @Test
    default void aDeletedImportedMessageCanBeImportedAgain() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<ImportedMessage> batch = oldMessages(2);
        importInto(alice, batch);
        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(1);
            maildrop.commit(deleted);
        }

        ImportReport again = importInto(alice, batch);

        assertThat(again.outcomes()).containsExactly(
                new ImportOutcome.Imported("UID1-old", message("old message 1").length),
                new ImportOutcome.AlreadyPresent("UID2-old"));
        assertThat(uniqueIds(alice)).containsExactly("UID2-old", "UID1-old");
    }

    @Test
    default void copyAndLinkLeaveTheSourceAsItWas() throws IOException {
        MailboxAddress alice = mailbox("alice@example.org");
        Path copied = oldMessage(1);
        Path linked = oldMessage(2);

        ImportReport report = importInto(alice, List.of(imported(copied, "copied", Transfer.COPY),
                imported(linked, "linked", Transfer.LINK)));

        assertThat(report.imported()).isEqualTo(2);
        assertThat(Files.readAllBytes(copied)).isEqualTo(message("old message 1"));
        assertThat(Files.readAllBytes(linked)).isEqualTo(message("old message 2"));
        assertThat(copied.getFileName().toString()).endsWith(":2,S");
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(content(maildrop, 2)).isEqualTo(message("old message 2"));
        }
    }

    @Test
    default void moveRemovesTheSourceOnlyOnceTheMessageIsImported() throws IOException {
        MailboxAddress alice = mailbox("alice@example.org");
        Path moved = oldMessage(1);
        Path refused = oldMessage(2);
        Path present = oldMessage(3);
        importInto(alice, List.of(imported(present, "present", Transfer.COPY)));

        ImportReport report = importInto(alice, List.of(imported(moved, "moved", Transfer.MOVE),
                new ImportedMessage(refused, "refused", Files.size(refused) - 1, RECEIVED, Transfer.MOVE),
                imported(present, "present", Transfer.MOVE)));

        assertThat(report.imported()).isEqualTo(1);
        assertThat(moved).doesNotExist();
        assertThat(refused).exists();
        assertThat(present).exists();
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId).containsExactly("present", "moved");
            assertThat(content(maildrop, 2)).isEqualTo(message("old message 1"));
        }
    }

    @Test
    default void digestVerificationImportsWhatReadsBackTheSame() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<ImportedMessage> batch = List.of(imported(oldMessage(1), "copied", Transfer.COPY),
                imported(oldMessage(2), "linked", Transfer.LINK), imported(oldMessage(3), "moved", Transfer.MOVE));

        try (MailboxImport mailboxImport = store().importer().begin(alice)) {
            assertThat(mailboxImport.add(batch, Verification.DIGEST).imported()).isEqualTo(3);
        }

        assertThat(uniqueIds(alice)).containsExactly("copied", "linked", "moved");
    }

    @Test
    default void quotasCountImportedMailButNeverRefuseIt() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setMailboxQuota(alice, new MailboxQuota(10, 1));
        List<ImportedMessage> batch = oldMessages(3);
        long octets = batch.stream().mapToLong(ImportedMessage::expectedSize).sum();

        ImportReport report = importInto(alice, batch);

        assertThat(report.imported()).isEqualTo(3);
        assertThat(report.storedOctets()).isEqualTo(octets);
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(octets, 3));
        assertThat(directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(octets, 3));
        assertThat(directory().recalculateQuota(java.util.Optional.empty())).isEmpty();
        assertThat(directory().mailboxQuota(alice).refusal(1)).isPresent();
    }

    @Test
    default void anImportOfAClosedStoreIsRefusedAndItsOpenImportsEnd() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxImport open = store().importer().begin(alice);

        store().close();

        assertThatThrownBy(() -> store().importer().begin(alice)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> open.add(oldMessages(1), Verification.SIZE))
                .isInstanceOf(IllegalStateException.class);
        open.close();
        try (Maildrop maildrop = secondInstance().open(alice)) {
            assertThat(maildrop.messages()).isEmpty();
        }
    }
}
