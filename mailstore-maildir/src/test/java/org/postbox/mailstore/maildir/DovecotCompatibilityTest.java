package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.spi.FileTrees;

/**
 * A Maildir written by another program (Dovecot, an MDA, a migration): files without size
 * fields, with flags in {@code cur/}, with stale or foreign names. And our files as Dovecot expects them.
 */
class DovecotCompatibilityTest {

    private static final String LF_MAIL = "Subject: lf\n\nline one\nline two\n";
    private static final String CRLF_MAIL = "Subject: crlf\r\n\r\nline one\r\n";

    @TempDir
    Path baseDir;

    private MaildirStore store;
    private MailboxAddress alice;
    private Path maildir;

    @BeforeEach
    void createMailbox() {
        store = new MaildirStore(MaildirSettings.parse(Map.of("path", "mail"), baseDir));
        store.directory().addDomain("example.org");
        alice = MailboxAddress.parse("alice@example.org");
        store.directory().addMailbox(alice, "{PLAIN}secret");
        maildir = baseDir.resolve("mail/example.org/alice/Maildir");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void theLayoutIsDovecotsDomainUserMaildir() {
        assertThat(maildir.resolve("tmp")).isDirectory();
        assertThat(maildir.resolve("new")).isDirectory();
        assertThat(maildir.resolve("cur")).isDirectory();
    }

    @Test
    void deliveredFilesCarryTheirSizesAndTheBytesAsGiven() throws IOException {
        byte[] mail = LF_MAIL.getBytes(StandardCharsets.US_ASCII);

        List<DeliveryOutcome> outcomes = store.deliver(List.of(alice), MessageSource.of(mail));

        List<Path> files = list(maildir.resolve("new"));
        assertThat(files).singleElement().satisfies(file -> {
            String name = file.getFileName().toString();
            assertThat(name).matches("\\d+\\.M\\d+P\\d+Q\\d+\\.[^,:/]+,S=" + mail.length + ",W=" + (mail.length + 4));
            assertThat(Files.readAllBytes(file)).isEqualTo(mail);
            assertThat(outcomes).containsExactly(new DeliveryOutcome.Delivered(name.substring(0, name.indexOf(','))));
        });
        assertThat(list(maildir.resolve("tmp"))).isEmpty();
    }

    @Test
    void filesWithoutSizeFieldsAreMeasuredAndNamedByTheirBaseName() throws IOException {
        write("new/1700000001.M10P300.mx.example", LF_MAIL);
        write("cur/1700000002.M20P300.mx.example:2,S", CRLF_MAIL);

        try (Maildrop maildrop = store.open(alice)) {
            assertThat(maildrop.messages()).containsExactly(
                    new MessageInfo("1700000001.M10P300.mx.example", LF_MAIL.length() + 4),
                    new MessageInfo("1700000002.M20P300.mx.example", CRLF_MAIL.length()));
            assertThat(read(maildrop, 2)).isEqualTo(CRLF_MAIL);
        }
    }

    @Test
    void aForeignFileChangedSinceItWasMeasuredIsMeasuredAgain() throws IOException {
        Path file = write("cur/1700000001.M1P1.host:2,S", "a\nb\n");
        assertThat(listing()).containsExactly(new MessageInfo("1700000001.M1P1.host", 6));

        Files.writeString(file, "a\nb\nc\n");

        assertThat(listing()).containsExactly(new MessageInfo("1700000001.M1P1.host", 9));
    }

    @Test
    void aTrustworthyWFieldIsUsedWithoutReadingTheFile() throws IOException {
        // S= matches the file, so W= is believed; the odd value proves the file was not read.
        write("cur/1700000001.M1P1.host,S=" + LF_MAIL.length() + ",W=9999:2,RS", LF_MAIL);

        assertThat(listing()).containsExactly(new MessageInfo("1700000001.M1P1.host", 9999));
    }

    @Test
    void aWFieldIsDistrustedWhenTheFileNoLongerHasItsSSize() throws IOException {
        write("cur/1700000001.M1P1.host,S=3,W=9999:2,S", LF_MAIL);

        assertThat(listing()).containsExactly(new MessageInfo("1700000001.M1P1.host", LF_MAIL.length() + 4));
    }

    @Test
    void messagesAreOrderedByDeliveryTimeNumericallyThenByName() throws IOException {
        write("cur/1700000003.M20P1.host:2,S", "c");
        write("new/1700000003.M3P1.host", "b");
        write("new/1700000002.M999999P1.host", "a");
        write("cur/1700000003.M20P0.host:2,", "c0");

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly(
                "1700000002.M999999P1.host", "1700000003.M3P1.host", "1700000003.M20P0.host", "1700000003.M20P1.host");
    }

    @Test
    void namesWithoutATimeAreOrderedByTheirFilesModificationTime() throws IOException {
        Path late = write("new/aaa", "late");
        Path early = write("new/zzz", "early");
        Files.setLastModifiedTime(late, FileTime.from(Instant.ofEpochSecond(1_700_000_500)));
        Files.setLastModifiedTime(early, FileTime.from(Instant.ofEpochSecond(1_700_000_100)));
        write("new/1700000300.M1P1.host", "middle");

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("zzz", "1700000300.M1P1.host", "aaa");
    }

    @Test
    void hiddenFilesDirectoriesTmpAndSubfoldersAreNotMessages() throws IOException {
        write("new/.dovecot-lock", "x");
        write("tmp/1700000001.M1P1.host", "half written");
        Files.createDirectories(maildir.resolve("cur/not-a-message"));
        write(".Sent/cur/1700000001.M2P1.host:2,S", "sent mail");
        write("cur/1700000001.M3P1.host:2,S", "inbox");

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M3P1.host");
        assertThat(store.directory().mailboxes(Optional.empty())).containsExactly(new Mailbox(alice, 1, 5, MailboxQuota.UNLIMITED, false, true, Optional.empty()));
    }

    @Test
    void foreignNamesThatAreNoValidUidlGetAStableHashedId() throws IOException {
        String longName = "1700000001.M1P1." + "very-long-host-name-".repeat(5);
        write("new/" + longName, "x");
        write("cur/1700000002.r\u00e9sum\u00e9.host:2,S", "y");

        List<MessageInfo> first = listing();
        List<MessageInfo> second = listing();

        assertThat(first).extracting(MessageInfo::uniqueId).allSatisfy(id -> assertThat(id).matches("H:[0-9a-f]{64}"));
        assertThat(first.get(0).uniqueId()).isEqualTo(MessageFileName.hashedId(longName));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void filesDifferingOnlyInSizeFieldsStillGetDistinctIds() throws IOException {
        write("new/1700000001.M1P1.host,S=1", "a");
        write("cur/1700000001.M1P1.host,S=2:2,S", "bb");

        List<String> ids = listing().stream().map(MessageInfo::uniqueId).toList();

        assertThat(ids).hasSize(2).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).startsWith("H:"));
    }

    @Test
    void openingMovesNewMailToCurAsDovecotDoesKeepingItsUidl() throws IOException {
        String delivered = ((DeliveryOutcome.Delivered) store.deliver(List.of(alice),
                MessageSource.of(LF_MAIL.getBytes(StandardCharsets.US_ASCII))).get(0)).uniqueId();
        write("new/1700000001.M1P1.host:2,S", "an info part already");
        List<MessageInfo> before = listing();

        assertThat(list(maildir.resolve("new"))).isEmpty();
        assertThat(list(maildir.resolve("cur"))).extracting(file -> file.getFileName().toString())
                .containsExactlyInAnyOrder("1700000001.M1P1.host:2,S",
                        delivered + ",S=" + LF_MAIL.length() + ",W=" + (LF_MAIL.length() + 4) + ":2,");
        assertThat(before).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host", delivered);
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void aMessageDovecotFlagsAfterTheSnapshotIsStillReadAndDeleted() throws IOException {
        write("new/1700000001.M1P1.host,S=5,W=5", "hello");
        write("new/1700000002.M1P1.host", "other");

        try (Maildrop maildrop = store.open(alice)) {
            // Dovecot's IMAP marks the message seen meanwhile, where the open moved it.
            Files.move(curFile("1700000001.M1P1.host,S=5,W=5:2,"), curFile("1700000001.M1P1.host,S=5,W=5:2,S"));

            assertThat(read(maildrop, 1)).isEqualTo("hello");
            BitSet deleted = new BitSet();
            deleted.set(1);
            maildrop.commit(deleted);
        }

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000002.M1P1.host");
        // Both were moved to cur/ at the open, as Dovecot moves what it has seen; the deleted one is gone.
        assertThat(list(maildir.resolve("cur"))).extracting(file -> file.getFileName().toString())
                .containsExactly("1700000002.M1P1.host:2,");
        assertThat(list(maildir.resolve("new"))).isEmpty();
    }

    @Test
    void aMessageRemovedByAnotherAgentIsReportedAsVanishedAndCommitIgnoresIt() throws IOException {
        write("new/1700000001.M1P1.host", "doomed");
        write("new/1700000002.M1P1.host", "kept");

        try (Maildrop maildrop = store.open(alice)) {
            Files.delete(curFile("1700000001.M1P1.host:2,"));

            assertThatThrownBy(() -> maildrop.content(1)).isInstanceOf(MessageVanishedException.class)
                    .hasMessageContaining("message 1");
            BitSet deleted = new BitSet();
            deleted.set(1);
            maildrop.commit(deleted);
            assertThat(read(maildrop, 2)).isEqualTo("kept");
        }
        assertThat(listing()).hasSize(1);
    }

    @Test
    void aMaildirMissingItsFoldersIsCreatedOnFirstUse() throws IOException {
        FileTrees.deleteRecursively(maildir);

        assertThat(listing()).isEmpty();
        store.deliver(List.of(alice), MessageSource.of("x".getBytes(StandardCharsets.US_ASCII)));
        assertThat(listing()).hasSize(1);
    }

    @Test
    void foldersAreCreatedWhenAnOpenFindsThemMissingAndNotCheckedOtherwise() throws IOException {
        Files.delete(maildir.resolve("tmp"));
        assertThat(listing()).isEmpty();
        assertThat(maildir.resolve("tmp")).doesNotExist();

        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        Files.delete(maildir.resolve("cur"));
        assertThat(listing()).hasSize(1);

        assertThat(maildir.resolve("tmp")).isDirectory();
        assertThat(list(maildir.resolve("cur"))).extracting(file -> file.getFileName().toString())
                .containsExactly("1700000001.M1P1.host,S=1,W=1:2,");
    }

    @Test
    void importedMailIsAMaildirAsDovecotReadsIt() throws IOException {
        String own = ((DeliveryOutcome.Delivered) store.deliver(List.of(alice),
                MessageSource.of(LF_MAIL.getBytes(StandardCharsets.US_ASCII))).get(0)).uniqueId();
        Path source = write("../old/cur/1600000001.M1P42.oldhost,S=" + LF_MAIL.length() + ":2,RS", LF_MAIL);
        try (MailboxImport mailboxImport = store.importer().begin(alice)) {
            mailboxImport.add(List.of(new ImportedMessage(source, "00000001.5f5e1000", LF_MAIL.length(),
                    Instant.parse("2020-09-13T12:26:41Z"), ImportedMessage.Transfer.COPY)), MailboxImport.Verification.SIZE);
        }

        // Every message is a file of new/ or cur/ with a Maildir name; tmp/ is empty; the map is a file of
        // a name Dovecot does not use, and no folder (Maildir++ folders start with a dot, fs-layout ones are directories).
        assertThat(list(maildir.resolve("tmp"))).isEmpty();
        assertThat(list(maildir.resolve("cur"))).extracting(file -> file.getFileName().toString())
                .containsExactlyInAnyOrder(own + ",S=" + LF_MAIL.length() + ",W=" + (LF_MAIL.length() + 4) + ":2,",
                        "1600000001.M1P42.oldhost,S=" + LF_MAIL.length() + ",W=" + (LF_MAIL.length() + 4) + ":2,RS");
        Path map = maildir.resolve(UidlMapFile.FILE_NAME);
        assertThat(map).isRegularFile();
        assertThat(map.getFileName().toString()).doesNotStartWith(".").doesNotStartWith("dovecot");
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly(own, "00000001.5f5e1000");
    }

    private List<MessageInfo> listing() {
        try (Maildrop maildrop = store.open(alice)) {
            return maildrop.messages();
        }
    }

    private Path curFile(String name) {
        return maildir.resolve("cur").resolve(name);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = maildir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Maildrop maildrop, int number) throws IOException {
        try (InputStream in = maildrop.content(number)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
