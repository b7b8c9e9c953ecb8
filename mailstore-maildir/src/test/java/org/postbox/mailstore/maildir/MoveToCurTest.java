package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

/**
 * Opening a maildrop moves its new mail to {@code cur/}, as Dovecot does: ids and sizes stay, the
 * index records the renames so that the next open lists neither folder, and whatever another
 * agent does to a message meanwhile (here between the listing and the rename, through
 * {@link MoveToCur.BeforeRename}) leaves it visible exactly once.
 */
class MoveToCurTest {

    private static final Instant AN_HOUR_AGO = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path baseDir;

    private MaildirStore store;
    private MailboxAddress alice;
    private Path maildir;
    private Path index;

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
    void aUidlSeenBeforeTheMoveIsTheSameAfterIt() throws IOException {
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            delivered.add(deliver("Subject: " + i + "\n\nbody\n"));
        }
        assertThat(names("new")).hasSize(3);

        List<MessageInfo> first = listing();

        assertThat(first).extracting(MessageInfo::uniqueId).containsExactlyElementsOf(delivered);
        assertThat(names("new")).isEmpty();
        assertThat(names("cur")).hasSize(3).allSatisfy(name -> assertThat(name).endsWith(":2,"));
        assertThat(listing()).isEqualTo(first);
        Files.delete(index);
        assertThat(listing()).isEqualTo(first);
    }

    @Test
    void theIndexRecordsTheRenamesSoThatTheNextOpenListsNeitherFolder() throws IOException {
        write("cur/1700000001.M1P1.host,S=1,W=1:2,S", "a");
        settle();
        listing();
        String delivered = deliver("Subject: new\n\nhi\n");

        List<MessageInfo> moved = listing();

        MaildropIndex recorded = new MaildropIndexFile(index).read().orElseThrow();
        assertThat(recorded.curRenamed()).isTrue();
        assertThat(recorded.curStamp()).isEqualTo(FolderStamp.of(maildir.resolve("cur")));
        assertThat(recorded.messages().name(1)).isEqualTo(names("cur").stream()
                .filter(name -> name.startsWith(delivered)).findFirst().orElseThrow());
        // A file slipped into cur/ under the recorded stamp: proof that cur/ is not listed.
        slipIn("cur/1700000002.M1P1.host,S=1,W=1:2,S", recorded.curStamp());
        assertThat(listing()).isEqualTo(moved);
        // new/ is listed, since the renames changed it: what arrives there is seen.
        slipIn("new/1700000003.M1P1.host,S=1,W=1", recorded.newStamp());
        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000001.M1P1.host", "1700000003.M1P1.host", delivered);
    }

    @Test
    void theListingOfNewAfterAMoveIsNotWrittenUntilItsStampCanBeTrusted() throws IOException {
        deliver("Subject: new\n\nhi\n");
        settle();
        listing();
        byte[] afterMove = Files.readAllBytes(index);

        listing(); // lists new/, empty, under the stamp the move left: nothing to record
        assertThat(Files.readAllBytes(index)).isEqualTo(afterMove);

        Files.setLastModifiedTime(maildir.resolve("new"), FileTime.from(AN_HOUR_AGO));
        listing(); // the same listing under a settled stamp: recorded, so that the next open skips new/
        MaildropIndex recorded = new MaildropIndexFile(index).read().orElseThrow();
        assertThat(recorded.describes(Maildir.NEW, FolderStamp.of(maildir.resolve("new")), Instant.now())).isTrue();
        assertThat(recorded.curRenamed()).isTrue();
    }

    @Test
    void theStampOfTheRenamesStandsForCurForAnHourAtMost() throws IOException {
        deliver("Subject: new\n\nhi\n");
        settle();
        listing();
        MaildropIndex recorded = new MaildropIndexFile(index).read().orElseThrow();
        Instant stillTrusted = Instant.now().minus(MaildropIndex.RENAMES_TRUSTED_FOR).plus(Duration.ofMinutes(1));
        rewriteIndex(recorded, stillTrusted);
        slipIn("cur/1700000002.M1P1.host,S=1,W=1:2,S", recorded.curStamp());

        assertThat(listing()).hasSize(1);

        rewriteIndex(recorded, Instant.now().minus(MaildropIndex.RENAMES_TRUSTED_FOR).minusSeconds(1));
        assertThat(listing()).hasSize(2);
        assertThat(new MaildropIndexFile(index).read().orElseThrow().curRenamed()).isFalse();
    }

    @Test
    void aMessageAnotherAgentDeletesBeforeItsRenameIsGoneAndTheRestIsMoved() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        write("new/1700000002.M1P1.host,S=1,W=1", "b");

        settle(); // else cur/, just made, would not be trusted anyway
        MaildropSnapshot snapshot = scanWith((source, target) -> {
            if (source.getFileName().toString().startsWith("1700000001")) {
                Files.delete(source);
            }
        });

        assertThat(snapshot.inCur(0)).isFalse();
        assertThat(snapshot.inCur(1)).isTrue();
        assertThat(names("cur")).containsExactly("1700000002.M1P1.host,S=1,W=1:2,");
        assertThat(new MaildropIndexFile(index).read().orElseThrow().curRenamed()).isFalse();
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000002.M1P1.host");
    }

    @Test
    void aMessageAnotherAgentMovesFirstIsSeenOnceWhereItWent() throws IOException {
        write("new/1700000001.M1P1.host,S=5,W=5", "hello");
        write("new/1700000002.M1P1.host,S=1,W=1", "b");

        settle(); // else cur/, just made, would not be trusted anyway
        MaildropSnapshot snapshot = scanWith((source, target) -> {
            if (source.getFileName().toString().startsWith("1700000001")) {
                // Dovecot moves it first, and marks it seen on the way.
                Files.move(source, maildir.resolve("cur/1700000001.M1P1.host,S=5,W=5:2,S"));
            }
        });

        assertThat(snapshot.size()).isEqualTo(2);
        assertThat(new Maildir(maildir).locate(snapshot.folder(0), snapshot.name(0)))
                .hasValue(maildir.resolve("cur/1700000001.M1P1.host,S=5,W=5:2,S"));
        assertThat(new MaildropIndexFile(index).read().orElseThrow().curRenamed()).isFalse();
        try (Maildrop maildrop = store.open(alice)) {
            assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId)
                    .containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host");
            assertThat(read(maildrop, 1)).isEqualTo("hello");
        }
        assertThat(names("cur")).containsExactlyInAnyOrder("1700000001.M1P1.host,S=5,W=5:2,S",
                "1700000002.M1P1.host,S=1,W=1:2,");
    }

    @Test
    void aNameTakenInCurIsNeverReplacedAndTheMessageCountsOnce() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        write("new/1700000002.M1P1.host,S=1,W=1", "b");

        settle(); // else cur/, just made, would not be trusted anyway
        MaildropSnapshot snapshot = scanWith((source, target) -> {
            if (source.getFileName().toString().startsWith("1700000001")) {
                Files.writeString(target, "another agent's copy");
            }
        });

        assertThat(snapshot.size()).isEqualTo(2);
        assertThat(snapshot.inCur(0)).isFalse();
        assertThat(Files.readString(maildir.resolve("cur/1700000001.M1P1.host,S=1,W=1:2,"))).isEqualTo("another agent's copy");
        assertThat(names("new")).containsExactly("1700000001.M1P1.host,S=1,W=1");
        assertThat(new MaildropIndexFile(index).read().orElseThrow().curRenamed()).isFalse();
        assertThat(listing()).extracting(MessageInfo::uniqueId).containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host");
        assertThat(names("new")).containsExactly("1700000001.M1P1.host,S=1,W=1");
    }

    @Test
    void aRenameThatFailsStopsTheMoveAndTheRestWaitsInNew() throws IOException {
        write("new/1700000001.M1P1.host,S=1,W=1", "a");
        write("new/1700000002.M1P1.host,S=1,W=1", "b");
        write("new/1700000003.M1P1.host,S=1,W=1", "c");

        settle(); // else cur/, just made, would not be trusted anyway
        MaildropSnapshot snapshot = scanWith((source, target) -> {
            if (source.getFileName().toString().startsWith("1700000002")) {
                throw new AccessDeniedException(source.toString());
            }
        });

        assertThat(snapshot.size()).isEqualTo(3);
        assertThat(names("cur")).containsExactly("1700000001.M1P1.host,S=1,W=1:2,");
        assertThat(names("new")).containsExactlyInAnyOrder("1700000002.M1P1.host,S=1,W=1", "1700000003.M1P1.host,S=1,W=1");
        assertThat(new MaildropIndexFile(index).read().orElseThrow().curRenamed()).isFalse();
        assertThat(listing()).hasSize(3);
        assertThat(names("new")).isEmpty();
    }

    @Test
    void aChangeToCurBeforeTheRenamesIsNotHiddenByTheirStamp() throws IOException {
        write("cur/1700000001.M1P1.host,S=1,W=1:2,S", "a");
        settle();
        listing();
        write("new/1700000002.M1P1.host,S=1,W=1", "b");
        AtomicBoolean first = new AtomicBoolean(true);

        scanWith((source, target) -> {
            if (first.getAndSet(false)) {
                // Dovecot saves a message straight into cur/ (an IMAP APPEND with flags).
                write("cur/1700000003.M1P1.host,S=1,W=1:2,S", "c");
            }
        });

        assertThat(new MaildropIndexFile(index).read().orElseThrow().curRenamed()).isFalse();
        assertThat(listing()).extracting(MessageInfo::uniqueId)
                .containsExactly("1700000001.M1P1.host", "1700000002.M1P1.host", "1700000003.M1P1.host");
    }

    @Test
    void aBacklogTooLargeToTrustItsRenamesIsListedOnceMore() throws IOException {
        for (int i = 1; i <= 4; i++) {
            write("new/170000000" + i + ".M1P1.host,S=1,W=1", "x");
        }
        settle();

        assertThat(scan(MoveToCur.BeforeRename.NOTHING, 3).size()).isEqualTo(4);

        assertThat(names("new")).isEmpty();
        MaildropIndex recorded = new MaildropIndexFile(index).read().orElseThrow();
        assertThat(recorded.curRenamed()).isFalse();
        assertThat(recorded.describes(Maildir.CUR, FolderStamp.of(maildir.resolve("cur")), Instant.now())).isFalse();
        // Within the bound, the renames' stamp is trusted.
        write("new/1700000005.M1P1.host,S=1,W=1", "x");
        settle();
        assertThat(scan(MoveToCur.BeforeRename.NOTHING, 1).size()).isEqualTo(5);
        assertThat(new MaildropIndexFile(index).read().orElseThrow().curRenamed()).isTrue();
    }

    @Test
    void readersListingNewThenCurSeeEveryMessageWhileTheyMove() throws Exception {
        Set<String> stored = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String id = (1_700_000_000L + i) + ".M1P1.host";
            write("new/" + id + ",S=1,W=1", "x");
            stored.add(id);
        }
        AtomicBoolean opened = new AtomicBoolean();
        AtomicInteger passes = new AtomicInteger();
        // As Dovecot or any other reader looks: new/ first, then cur/.
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            boolean last;
            do {
                last = opened.get();
                Set<String> seen = new HashSet<>();
                for (String folder : List.of("new", "cur")) {
                    for (String name : names(folder)) {
                        seen.add(MessageFileName.parse(name).uniqueId());
                    }
                }
                assertThat(seen).containsExactlyInAnyOrderElementsOf(stored);
                passes.incrementAndGet();
            } while (!last);
        });

        assertThat(listing()).hasSize(2000);
        opened.set(true);

        reader.get();
        assertThat(passes.get()).isPositive();
        assertThat(names("new")).isEmpty();
    }

    private MaildropSnapshot scanWith(MoveToCur.BeforeRename beforeRename) throws IOException {
        return scan(beforeRename, MaildropScan.MAX_TRUSTED_RENAMES);
    }

    private MaildropSnapshot scan(MoveToCur.BeforeRename beforeRename, int maxTrustedRenames) throws IOException {
        return new MaildropScan(new Maildir(maildir), new MaildropIndexFile(index), new CrlfSizeCache(16),
                new MoveToCur(beforeRename), maxTrustedRenames).snapshot();
    }

    private void rewriteIndex(MaildropIndex recorded, Instant curConfirmed) {
        new MaildropIndexFile(index).write(new MaildropIndex(recorded.messages(), recorded.newStamp(), recorded.curStamp(),
                recorded.scanStart(), true, curConfirmed));
    }

    /** Writes a file as another agent would, and sets the folder's stamp back to what it was. */
    private void slipIn(String relative, FolderStamp stamp) throws IOException {
        Path file = write(relative, "x");
        Files.setLastModifiedTime(file.getParent(), FileTime.from(Instant.ofEpochSecond(stamp.seconds(), stamp.nanos())));
        assertThat(FolderStamp.of(file.getParent())).isEqualTo(stamp);
    }

    private String deliver(String message) {
        DeliveryOutcome outcome = store.deliver(List.of(alice), MessageSource.of(message.getBytes(StandardCharsets.US_ASCII)))
                .get(0);
        return ((DeliveryOutcome.Delivered) outcome).uniqueId();
    }

    private List<MessageInfo> listing() {
        try (Maildrop maildrop = store.open(alice)) {
            return List.copyOf(maildrop.messages());
        }
    }

    /** As if the last changes had been made an hour ago. */
    private void settle() throws IOException {
        Files.setLastModifiedTime(maildir.resolve("new"), FileTime.from(AN_HOUR_AGO));
        Files.setLastModifiedTime(maildir.resolve("cur"), FileTime.from(AN_HOUR_AGO));
    }

    private List<String> names(String folder) {
        try (Stream<Path> files = Files.list(maildir.resolve(folder))) {
            return files.map(file -> file.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
}
