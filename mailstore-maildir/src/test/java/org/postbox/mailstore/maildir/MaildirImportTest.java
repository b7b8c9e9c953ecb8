package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
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
import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportReport;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.ImportedMessage.Transfer;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.MailboxImport.Verification;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.spi.FileTrees;

/**
 * The Maildir side of an import: the files and the UIDL map it leaves, as Dovecot and the next
 * session find them; a crash between its steps; and the index that spares a large maildrop reading
 * the map at every login.
 */
class MaildirImportTest {

    private static final Instant RECEIVED = Instant.parse("2020-01-02T03:04:05Z");
    private static final String MAIL = "Subject: old\n\nline\n";

    @TempDir
    Path baseDir;

    private MaildirStore store;
    private MailboxAddress alice;
    private Path maildir;
    private Path old;

    @BeforeEach
    void createMailbox() throws IOException {
        store = openStore(true);
        store.directory().addDomain("example.org");
        alice = MailboxAddress.parse("alice@example.org");
        store.directory().addMailbox(alice, "{PLAIN}secret");
        maildir = baseDir.resolve("mail/example.org/alice/Maildir");
        old = Files.createDirectories(baseDir.resolve("old/Maildir/cur"));
    }

    private MaildirStore openStore(boolean fsync) {
        return new MaildirStore(MaildirSettings.parse(Map.of("path", "mail", "fsync", fsync), baseDir));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void anImportedFileKeepsItsNameAndFlagsWithItsSizesAndTheMapNamesIt() throws IOException {
        Path source = oldFile("1600000001.M1P42.oldhost,S=19:2,RS", MAIL);

        ImportReport report = importAll(List.of(message(source, "UID1", Transfer.COPY)));

        assertThat(report.imported()).isEqualTo(1);
        String name = "1600000001.M1P42.oldhost,S=19,W=22:2,RS";
        assertThat(names("cur")).containsExactly(name);
        assertThat(names("tmp")).isEmpty();
        assertThat(names("new")).isEmpty();
        assertThat(Files.getLastModifiedTime(maildir.resolve("cur").resolve(name))).isEqualTo(FileTime.from(RECEIVED));
        assertThat(Files.readAllLines(maildir.resolve(UidlMapFile.FILE_NAME), StandardCharsets.US_ASCII))
                .hasSize(2).element(1).asString().startsWith("1600000001.M1P42.oldhost,S=19,W=22 UID1 ");
        assertThat(listing()).containsExactly(new MessageInfo("UID1", 22));
        // As Dovecot lists it: a message in cur/ with its flags and sizes; and Postbox's quota counts it.
        assertThat(store.directory().mailboxes(Optional.empty())).singleElement()
                .satisfies(mailbox -> assertThat(mailbox.messageCount()).isEqualTo(1));
    }

    @Test
    void aLinkedFileIsTheSourceItself() throws IOException {
        Path source = oldFile("1600000001.M1P42.oldhost,S=19,W=22:2,S", MAIL);

        importAll(List.of(message(source, "UID1", Transfer.LINK)));

        Path stored = maildir.resolve("cur/1600000001.M1P42.oldhost,S=19,W=22:2,S");
        assertThat(Files.isSameFile(stored, source)).isTrue();
        assertThat(Files.getAttribute(source, "unix:nlink")).isEqualTo(2);
    }

    @Test
    void aLinkToAnotherFileSystemIsRefusedAsImpossible() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(baseDir)), "needs a second file system");
        Path elsewhere = Files.createTempDirectory(shm, "postbox-import");
        try {
            Path source = Files.writeString(elsewhere.resolve("1600000001.M1P42.oldhost:2,S"), MAIL);

            ImportReport report = importAll(List.of(message(source, "linked", Transfer.LINK),
                    message(source, "moved", Transfer.MOVE)));

            assertThat(report.outcomes().get(0)).isInstanceOfSatisfying(ImportOutcome.Refused.class,
                    refused -> assertThat(refused.problem()).isEqualTo(ImportOutcome.Problem.LINK_IMPOSSIBLE));
            assertThat(report.outcomes().get(1)).isInstanceOf(ImportOutcome.Imported.class);
            assertThat(source).doesNotExist();
            assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("moved");
        } finally {
            FileTrees.deleteRecursively(elsewhere);
        }
    }

    @Test
    void aTakenNameGivesWayToANewOne() throws IOException {
        Path source = oldFile("1600000001.M1P42.oldhost:2,S", MAIL);
        Path foreign = oldFile("no time in this name", MAIL);
        importAll(List.of(message(source, "first", Transfer.COPY)));

        importAll(List.of(message(source, "second", Transfer.COPY), message(foreign, "third", Transfer.COPY)));

        assertThat(names("cur")).hasSize(3).contains("1600000001.M1P42.oldhost,S=19,W=22:2,S")
                .allSatisfy(name -> assertThat(name).matches("\\d+\\.M\\d+P\\d+(Q\\d+)?\\.[^:]*,S=19,W=22:2,S?"));
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("first", "second", "third");
    }

    @Test
    void recordsOfMessagesThatNeverArrivedNameNothingAndAreDropped() throws IOException {
        importAll(List.of(message(oldFile("1600000001.M1P42.oldhost", MAIL), "UID1", Transfer.COPY)));
        // What a crash between recording a message and renaming it into cur/ leaves, and a torn line.
        UidlMapFile map = UidlMapFile.of(new Maildir(maildir), new Durability(false));
        map.append(map.stamp(), new UidlMapFile.Writer().add("1600000002.M2P42.oldhost,S=19,W=22", "UID2"));
        Files.writeString(map.path(), "1600000003", StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.APPEND);

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("UID1");
        assertThat(Files.readAllLines(map.path())).hasSize(2).noneMatch(line -> line.contains("UID2"));

        ImportReport again = importAll(List.of(message(oldFile("1600000001.M1P42.oldhost", MAIL), "UID1", Transfer.COPY),
                message(oldFile("1600000002.M2P42.oldhost", MAIL), "UID2", Transfer.COPY)));
        assertThat(again.imported()).isEqualTo(1);
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("UID1", "UID2");
    }

    @Test
    void aDeletedMessageLeavesTheMapAtTheNextLogin() throws IOException {
        importAll(List.of(message(oldFile("1600000001.M1P42.oldhost", MAIL), "UID1", Transfer.COPY),
                message(oldFile("1600000002.M2P42.oldhost", MAIL), "UID2", Transfer.COPY)));
        try (Maildrop maildrop = store.open(alice)) {
            BitSet first = new BitSet();
            first.set(1);
            maildrop.commit(first);
        }

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("UID2");
        assertThat(Files.readAllLines(maildir.resolve(UidlMapFile.FILE_NAME))).hasSize(2)
                .element(1).asString().contains(" UID2 ");
    }

    @Test
    void aMessageWhoseOwnUidlIsAnImportedOneIsListedUnderItsHashedName() throws IOException {
        importAll(List.of(message(oldFile("1600000001.M1P42.oldhost", MAIL), "1700000000.M1P1.other", Transfer.COPY)));
        Files.writeString(maildir.resolve("cur/1700000000.M1P1.other:2,"), MAIL);

        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000000.M1P1.other", MessageFileName.hashedId("1700000000.M1P1.other"));
    }

    @Test
    void theIndexSparesReadingTheMapWhileItIsUnchanged() throws IOException {
        importAll(List.of(message(oldFile("1600000001.M1P42.oldhost", MAIL), "UID-A", Transfer.COPY)));
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("UID-A");
        String delivered = deliver();
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("UID-A", delivered);
        Path map = maildir.resolve(UidlMapFile.FILE_NAME);

        // The same length and time, other content: only a reader of the file would see the change.
        FileTime modified = Files.getLastModifiedTime(map);
        replaceInFile(map, " UID-A ", " UID-B ");
        Files.setLastModifiedTime(map, modified);
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("UID-A", delivered);

        // Once the stamp differs, the map is read: the changed line fails its checksum and is dropped.
        Files.setLastModifiedTime(map, FileTime.from(modified.toInstant().plusSeconds(1)));
        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1600000001.M1P42.oldhost", delivered);
    }

    @Test
    void withoutItsIndexTheMaildropIsNumberedAlike() throws IOException {
        String before = deliver();
        importAll(List.of(message(oldFile("1600000001.M1P42.oldhost", MAIL), "UID1", Transfer.COPY)));
        String after = deliver();
        List<MessageInfo> indexed = listing();

        Files.delete(baseDir.resolve("mail/example.org/alice/" + MaildropIndexFile.FILE_NAME));

        assertThat(listing()).isEqualTo(indexed);
        assertThat(indexed).extracting(MessageInfo::uniqueId).containsExactly(before, "UID1", after);
    }

    @Test
    void aHundredThousandImportedMessagesOpenFromTheIndex() throws IOException {
        store.close();
        store = openStore(false);
        int count = 100_000;
        List<ImportedMessage> batch = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            // Named with both sizes, as Dovecot names them: linked without being read.
            String name = (1500000000 + n) + ".M" + n + "P42.oldhost,S=19,W=22:2,S";
            batch.add(message(Files.writeString(old.resolve(name), MAIL), "U" + Integer.toHexString(n * 7919),
                    Transfer.LINK));
        }
        long importStart = System.nanoTime();
        try (MailboxImport mailboxImport = store.importer().begin(alice)) {
            for (int from = 0; from < count; from += 10_000) {
                mailboxImport.add(batch.subList(from, from + 10_000), Verification.SIZE);
            }
        }
        long imported = System.nanoTime() - importStart;

        long firstOpen = timedOpen(count);
        // As if the import had ended an hour ago: the next open lists cur/ once more, and its stamp then holds.
        settle();
        long settled = timedOpen(count);
        Path index = baseDir.resolve("mail/example.org/alice/" + MaildropIndexFile.FILE_NAME);
        FileTime indexed = Files.getLastModifiedTime(index);
        long fastest = Long.MAX_VALUE;
        for (int open = 0; open < 10; open++) {
            fastest = Math.min(fastest, timedOpen(count));
        }
        assertThat(Files.getLastModifiedTime(index)).as("opened from the index, which stays as it is").isEqualTo(indexed);
        String delivered = deliver();
        long afterDelivery = timedOpen(count + 1);

        System.out.printf("100,000 imported messages: import %d ms; first open %.1f ms (lists cur/, reads the map);"
                        + " once cur/ settled %.1f ms (lists it, keeps the mapping); unchanged, fastest of 10: %.1f ms"
                        + " (index alone); after a delivery %.1f ms (lists new/, carries the mapping over)%n",
                imported / 1_000_000, firstOpen / 1e6, settled / 1e6, fastest / 1e6, afterDelivery / 1e6);
        try (Maildrop maildrop = store.open(alice)) {
            assertThat(maildrop.messages().get(0).uniqueId()).isEqualTo("U0");
            assertThat(maildrop.messages().get(count - 1).uniqueId()).isEqualTo(Integer.toHexString((count - 1) * 7919)
                    .transform(id -> "U" + id));
            assertThat(maildrop.messages().get(count).uniqueId()).isEqualTo(delivered);
        }
    }

    private void settle() throws IOException {
        FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(maildir.resolve("new"), anHourAgo);
        Files.setLastModifiedTime(maildir.resolve("cur"), anHourAgo);
    }

    private long timedOpen(int expected) {
        long start = System.nanoTime();
        try (Maildrop maildrop = store.open(alice)) {
            long elapsed = System.nanoTime() - start;
            assertThat(maildrop.messages()).hasSize(expected);
            return elapsed;
        }
    }

    private ImportReport importAll(List<ImportedMessage> batch) {
        try (MailboxImport mailboxImport = store.importer().begin(alice)) {
            return mailboxImport.add(batch, Verification.SIZE);
        }
    }

    private static ImportedMessage message(Path source, String uidl, Transfer transfer) throws IOException {
        return new ImportedMessage(source, uidl, Files.size(source), RECEIVED, transfer);
    }

    private Path oldFile(String name, String content) throws IOException {
        return Files.writeString(old.resolve(name), content, StandardCharsets.US_ASCII);
    }

    private String deliver() {
        DeliveryOutcome outcome = store.deliver(List.of(alice), MessageSource.of(MAIL.getBytes(StandardCharsets.US_ASCII)))
                .get(0);
        return ((DeliveryOutcome.Delivered) outcome).uniqueId();
    }

    private List<MessageInfo> listing() {
        try (Maildrop maildrop = store.open(alice)) {
            return List.copyOf(maildrop.messages());
        }
    }

    private List<String> names(String folder) throws IOException {
        try (Stream<Path> files = Files.list(maildir.resolve(folder))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static void replaceInFile(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int at = text.indexOf(from);
        assertThat(at).isNotNegative();
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(at);
            out.write(to.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
