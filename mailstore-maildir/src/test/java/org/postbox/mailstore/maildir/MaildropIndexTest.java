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
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.spi.FileTrees;

/**
 * The maildrop index at work: a maildrop whose folders did not change is opened from it, any
 * change is seen, and whatever state the index is in, the snapshot is the one a full scan of the
 * Maildir gives (same messages, order, sizes and ids).
 *
 * <p>"Settled" folders have an mtime an hour back, as a mailbox nobody delivered to lately: only
 * then may the index stand for them.
 */
class MaildropIndexTest {

    private static final Instant AN_HOUR_AGO = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path baseDir;

    private MaildirStore store;
    private MailboxAddress alice;
    private Path maildir;
    private Path index;
    private int settled;

    @BeforeEach
    void createMailbox() {
        store = new MaildirStore(MaildirSettings.parse(Map.of("path", "mail"), baseDir));
        store.directory().addDomain("example.org");
        alice = MailboxAddress.parse("alice@example.org");
        store.directory().addMailbox(alice, "{PLAIN}secret");
        maildir = baseDir.resolve("mail/example.org/alice/Maildir");
        index = baseDir.resolve("mail/example.org/alice/postbox-index");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void theIndexLiesBesideTheMaildirUnderANameOfItsOwn() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");

        listing();

        assertThat(index).isRegularFile();
        assertThat(new MaildropIndexFile(index).read()).hasValueSatisfying(read -> assertThat(read.messages().size()).isOne());
        try (Stream<Path> files = Files.list(maildir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("tmp", "new", "cur");
        }
    }

    @Test
    void foldersWhoseStampIsUnchangedAreTakenFromTheIndexWithoutBeingListed() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        write("cur/1700000002.M1P1.host,S=1,W=1:2,S", "b");
        listing(); // moves the first to cur/
        settle();
        List<MessageInfo> indexed = listing();

        // Files slipped in while the stamps stayed as indexed: proof that neither folder is listed.
        FileTime indexedStamp = Files.getLastModifiedTime(maildir.resolve("new"));
        write("new/1700000003.M1P1.host,S=1,W=1", "c");
        write("cur/1700000004.M1P1.host,S=1,W=1:2,S", "d");
        stamp(indexedStamp);
        assertThat(listing()).isEqualTo(indexed);

        Files.setLastModifiedTime(maildir.resolve("new"), FileTime.from(Instant.now()));
        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host", "1700000003.M1P1.host");
        Files.setLastModifiedTime(maildir.resolve("cur"), FileTime.from(Instant.now()));
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host",
                "1700000002.M1P1.host", "1700000003.M1P1.host", "1700000004.M1P1.host");
    }

    @Test
    void aMessageDeliveredAfterTheIndexWasWrittenIsSeen() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        write("cur/1700000002.M1P1.host,S=1,W=1:2,S", "b");
        settle();
        listing();

        String delivered = store.deliver(List.of(alice), MessageSource.of(bytes("Subject: new\n\nhi\n"))).get(0)
                .toString();

        List<MessageInfo> after = listing();
        assertThat(after).hasSize(3);
        assertThat(delivered).contains(after.get(2).uniqueId());
        assertThat(after).isEqualTo(fullScan());
    }

    @Test
    void aMessageRemovedBehindItsBackIsNotShown() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        Path doomed = write("cur/1700000002.M1P1.host,S=1,W=1:2,S", "b");
        write("cur/1700000003.M1P1.host,S=1,W=1:2,S", "c");
        settle();
        listing();

        Files.delete(doomed);

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host", "1700000003.M1P1.host");
    }

    /**
     * The worst a folder whose stamp lies can do: the message is listed, reading it fails cleanly,
     * and the index that vouched for it is dropped, so the next login sees the truth.
     */
    @Test
    void aMessageRemovedUnderAnUnchangedStampFailsCleanlyOnce() throws IOException {
        Path doomed = write("cur/1700000001.M1P1.host,S=1,W=1:2,S", "a");
        write("cur/1700000002.M1P1.host,S=1,W=1:2,S", "b");
        settle();
        listing();
        FileTime indexedStamp = Files.getLastModifiedTime(maildir.resolve("cur"));
        Files.delete(doomed);
        stamp(indexedStamp);

        try (Maildrop maildrop = store.open(alice)) {
            assertThatThrownBy(() -> maildrop.content(1)).isInstanceOf(MessageVanishedException.class);
            assertThat(read(maildrop, 2)).isEqualTo("b");
            BitSet first = new BitSet();
            first.set(1);
            maildrop.commit(first);
        }
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000002.M1P1.host");
    }

    /**
     * A folder changed within the timestamp tick of the stamp the index recorded may keep that
     * stamp (one-second mtimes, or a delivery racing the scan): such a stamp is never trusted.
     */
    @Test
    void aChangeWithinTheSameTickAsTheIndexedStampIsSeen() throws IOException {
        write("cur/1700000001.M1P1.host,S=1,W=1:2,", "a");
        FileTime thisTick = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Files.setLastModifiedTime(maildir.resolve("cur"), thisTick);
        listing();

        write("cur/1700000002.M1P1.host,S=1,W=1:2,", "b");
        Files.setLastModifiedTime(maildir.resolve("cur"), thisTick);

        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host");
    }

    @Test
    void aCorruptIndexIsRebuiltAndHidesNothing() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        write("cur/1700000002.M1P1.host,S=1,W=1:2,S", "b");
        settle();
        List<MessageInfo> before = listing();
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(index, bytes);

        assertThat(listing()).isEqualTo(before);
        assertThat(new MaildropIndexFile(index).read()).isPresent();
    }

    @Test
    void aTruncatedIndexIsRebuiltAndHidesNothing() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        settle();
        listing();
        byte[] bytes = Files.readAllBytes(index);
        Files.write(index, Arrays.copyOf(bytes, bytes.length - 3));
        write("new/1700000002.M1P1.host,S=1,W=1", "b");
        settle();

        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host");
        assertThat(new MaildropIndexFile(index).read()).isPresent();
    }

    @Test
    void aFolderReplacedUnderTheSameMtimeIsListedAgain() throws IOException {
        write("cur/1700000001.M1P1.host,S=1,W=1:2,S", "a");
        settle();
        listing();

        // A restore from backup: another directory, same mtime.
        Path restored = write("cur-restored/1700000002.M1P1.host,S=1,W=1:2,S", "b").getParent();
        FileTrees.deleteRecursively(maildir.resolve("cur"));
        Files.move(restored, maildir.resolve("cur"));
        settle();

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000002.M1P1.host");
    }

    @Test
    void aMessageRenamedByAnotherAgentKeepsItsPlaceIdAndSize() throws IOException {
        write("new/1700000001.M1P1.host,S=5,W=6", "hello");
        write("new/1700000002.M1P1.host,S=5,W=6", "world");
        settle();
        List<MessageInfo> before = listing();

        // Dovecot marks as seen what the open moved to cur/.
        Files.move(maildir.resolve("cur/1700000001.M1P1.host,S=5,W=6:2,"),
                maildir.resolve("cur/1700000001.M1P1.host,S=5,W=6:2,S"));

        try (Maildrop maildrop = store.open(alice)) {
            assertThat(maildrop.messages()).isEqualTo(before);
            assertThat(read(maildrop, 1)).isEqualTo("hello");
        }
        assertThat(new MaildropIndexFile(index).read()).hasValueSatisfying(read -> {
            assertThat(read.messages().inCur(0)).isTrue();
            assertThat(read.messages().name(0)).isEqualTo("1700000001.M1P1.host,S=5,W=6:2,S");
        });
    }

    @Test
    void messagesAddedLaterAreMergedIntoDeliveryOrderAsAFullScanOrdersThem() throws IOException {
        write("new/1700000001.M5P1.host,S=1,W=1", "a");
        write("cur/1700000005.M1P1.host,S=1,W=1:2,S", "e");
        Path untimed = write("new/zzz", "no time in its name");
        Files.setLastModifiedTime(untimed, FileTime.from(Instant.ofEpochSecond(1_700_000_003)));
        settle();
        listing();

        write("new/1700000001.M4P1.host,S=1,W=1", "before a");
        write("cur/1700000004.M1P1.host:2,S", "d, foreign");
        Path alsoUntimed = write("new/aaa", "no time either");
        Files.setLastModifiedTime(alsoUntimed, FileTime.from(Instant.ofEpochSecond(1_700_000_006)));
        write("new/1700000003.M1P1.host,S=1,W=1", "c");
        settle();

        List<MessageInfo> merged = listing();
        // zzz's mtime is 1700000003 and it has no microseconds: it comes before 1700000003.M1.
        assertThat(merged).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M4P1.host",
                "1700000001.M5P1.host", "zzz", "1700000003.M1P1.host", "1700000004.M1P1.host", "1700000005.M1P1.host",
                "aaa");
        assertThat(merged).isEqualTo(fullScan());
    }

    @Test
    void idsThatStartOrStopCollidingChangeAsTheyDoWithoutAnIndex() throws IOException {
        write("new/1700000001.M1P1.host,S=1", "a");
        settle();
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host");

        Path twin = write("cur/1700000001.M1P1.host,S=2:2,S", "bb");
        settle();
        List<MessageInfo> colliding = listing();
        assertThat(colliding).extracting(MessageInfo::uniqueId).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("H:"));
        assertThat(colliding).isEqualTo(fullScan());
        settle();
        assertThat(listing()).isEqualTo(colliding);

        Files.delete(twin);
        settle();
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host");
    }

    @Test
    void aMessageFoundInBothNewAndCurCountsOnceWithOrWithoutAnIndex() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        write("cur/1700000001.M1P1.host,S=1,W=1:2,S", "a");
        write("cur/1700000002.M1P1.host,S=1,W=1:2,S", "b");
        settle();

        List<MessageInfo> first = listing();
        assertThat(first).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host");

        write("new/1700000003.M1P1.host,S=1,W=1", "c");
        settle();
        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host", "1700000003.M1P1.host");
    }

    @Test
    void aForeignFileIsCheckedAtEveryOpenEvenInAnUnchangedFolder() throws IOException {
        Path file = write("cur/1700000001.M1P1.host:2,S", "a\nb\n");
        settle();
        assertThat(listing()).containsExactly(new MessageInfo("1700000001.M1P1.host", 6));

        Files.writeString(file, "a\nb\nc\n");
        settle();

        assertThat(listing()).containsExactly(new MessageInfo("1700000001.M1P1.host", 9));
    }

    @Test
    void withoutAWritableIndexEveryOpenScansTheMaildir() throws IOException {
        Files.createDirectories(index.resolve("in-the-way"));
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        settle();

        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host");
        write("new/1700000002.M1P1.host,S=1,W=1", "b");
        settle();
        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host");
    }

    @Test
    void deliveriesRacingTheScansAreNeverHiddenAndAllSeenOnceTheyStop() throws Exception {
        int total = 200;
        List<String> delivered = new CopyOnWriteArrayList<>();
        Thread deliverer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                DeliveryOutcome outcome = store.deliver(List.of(alice), MessageSource.of(bytes("Subject: " + i + "\n\nx\n")))
                        .get(0);
                delivered.add(((DeliveryOutcome.Delivered) outcome).uniqueId());
            }
        });
        deliverer.start();
        Set<String> seenBefore = Set.of();
        while (deliverer.isAlive()) {
            List<String> before = List.copyOf(delivered);
            Set<String> seen = new HashSet<>(ids(listing()));
            // Whatever was delivered before the open is in it, and nothing seen once goes missing.
            assertThat(seen).containsAll(before).containsAll(seenBefore);
            seenBefore = seen;
        }
        deliverer.join();

        assertThat(ids(listing())).containsExactlyInAnyOrderElementsOf(delivered);
        assertThat(listing()).isEqualTo(fullScan());
    }

    private static List<String> ids(List<MessageInfo> messages) {
        return messages.stream().map(MessageInfo::uniqueId).toList();
    }

    /** The snapshot as taken without any index. */
    private List<MessageInfo> fullScan() throws IOException {
        Files.deleteIfExists(index);
        return listing();
    }

    private List<MessageInfo> listing() {
        try (Maildrop maildrop = store.open(alice)) {
            return List.copyOf(maildrop.messages());
        }
    }

    /** As if the last changes had been made long ago; each call a second later than the one before. */
    private void settle() throws IOException {
        settled++;
        stamp(FileTime.from(AN_HOUR_AGO.plusSeconds(settled)));
    }

    /** Sets both folders' mtimes, as if nothing had changed since they had this one. */
    private void stamp(FileTime modified) throws IOException {
        Files.setLastModifiedTime(maildir.resolve("new"), modified);
        Files.setLastModifiedTime(maildir.resolve("cur"), modified);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = maildir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes(content));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(Maildrop maildrop, int number) throws IOException {
        try (InputStream in = maildrop.content(number)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
