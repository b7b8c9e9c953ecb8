package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainNotEmptyException;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.StoreUnavailableException;

/** Behaviour particular to the Maildir tree: what lies on disk, and trees shared with other tools. */
class MaildirStoreTest {

    private static final byte[] MAIL = "Subject: hi\n\nhello\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path baseDir;

    private MailStore open(boolean fsync) {
        return new MaildirStore(MaildirSettings.parse(Map.of("path", "mail", "fsync", fsync), baseDir));
    }

    private Path root() {
        return baseDir.resolve("mail");
    }

    @Test
    void worksWithoutFsync() throws IOException {
        try (MailStore store = open(false)) {
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            store.directory().addDomain("example.org");
            store.directory().addMailbox(a, "{PLAIN}a");
            store.deliver(List.of(a), MessageSource.of(MAIL));

            try (Maildrop maildrop = store.open(a); InputStream in = maildrop.content(1)) {
                assertThat(in.readAllBytes()).isEqualTo(MAIL);
                BitSet all = new BitSet();
                all.set(1);
                maildrop.commit(all);
            }
            try (Maildrop maildrop = store.open(a)) {
                assertThat(maildrop.messages()).isEmpty();
            }
        }
    }

    @Test
    void domainsAreValidDirectoryNamesAndDomainsOfThePasswdFile() throws IOException {
        Files.createDirectories(root().resolve("example.org"));
        Files.createDirectories(root().resolve("Upper.Example"));
        Files.createDirectories(root().resolve("not_a_domain"));
        Files.createDirectories(root().resolve(".hidden"));
        Files.writeString(root().resolve("plain.file"), "x");
        Files.writeString(root().resolve("passwd"), "x@lazy.example:{PLAIN}x::::::\n");

        try (MailStore store = open(true)) {
            assertThat(store.directory().domains())
                    .containsExactly(new Domain("example.org", 0, 0, false, true), new Domain("lazy.example", 1, 0, false, true));
            store.directory().addMailbox(MailboxAddress.parse("y@lazy.example"), "{PLAIN}y");
            assertThat(store.directory().domains()).contains(new Domain("lazy.example", 2, 0, false, true));
        }
    }

    @Test
    void aDomainNamedLikeAFileInTheRootIsRefusedWithAReason() {
        try (MailStore store = open(true)) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(MailboxAddress.parse("a@example.org"), "{PLAIN}a"); // creates <root>/passwd

            assertThatThrownBy(() -> store.directory().addDomain("passwd"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taken by a file");
            assertThat(store.directory().domains()).extracting(Domain::name).containsExactly("example.org");
        }
    }

    @Test
    void aDomainWhoseDirectoryStillHoldsMailIsNotRemoved() throws IOException {
        try (MailStore store = open(true)) {
            store.directory().addDomain("example.org");
            Path orphan = root().resolve("example.org/ghost/Maildir/cur/1700000000.M1P1.host:2,S");
            Files.createDirectories(orphan.getParent());
            Files.writeString(orphan, "mail without an account");

            assertThatThrownBy(() -> store.directory().removeDomain("example.org"))
                    .isInstanceOf(DomainNotEmptyException.class).hasMessageContaining("still holds mail");
            assertThat(orphan).exists();

            Files.delete(orphan);
            store.directory().removeDomain("example.org");
            assertThat(root().resolve("example.org")).doesNotExist();
        }
    }

    @Test
    void aMailboxAddedOverAnExistingMaildirKeepsItsMail() throws IOException {
        Path existing = root().resolve("example.org/migrated/Maildir/cur/1600000000.M1P1.oldhost:2,S");
        Files.createDirectories(existing.getParent());
        Files.write(existing, MAIL);

        try (MailStore store = open(true)) {
            MailboxAddress migrated = MailboxAddress.parse("migrated@example.org");
            store.directory().addMailbox(migrated, "{PLAIN}m");

            try (Maildrop maildrop = store.open(migrated)) {
                assertThat(maildrop.messages()).singleElement()
                        .satisfies(m -> assertThat(m.uniqueId()).isEqualTo("1600000000.M1P1.oldhost"));
            }
        }
    }

    @Test
    void removingAMailboxDeletesItsWholeDirectory() {
        try (MailStore store = open(true)) {
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            store.directory().addDomain("example.org");
            store.directory().addMailbox(a, "{PLAIN}a");
            store.deliver(List.of(a), MessageSource.of(MAIL));
            store.open(a).close();
            assertThat(root().resolve("example.org/a/postbox-pop3.lock")).exists();

            store.directory().removeMailbox(a);

            assertThat(root().resolve("example.org/a")).doesNotExist();
        }
    }

    @Test
    void aFailedDeliveryLeavesNothingInTmp() throws IOException {
        try (MailStore store = open(true)) {
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            store.directory().addDomain("example.org");
            store.directory().addMailbox(a, "{PLAIN}a");
            MessageSource failing = () -> new InputStream() {
                private int sent;

                @Override
                public int read() throws IOException {
                    // Keeps failing once failed: InputStream.read(byte[]) swallows an error after the first byte.
                    if (sent >= 1000) {
                        throw new IOException("gone");
                    }
                    sent++;
                    return 'x';
                }
            };

            assertThat(store.deliver(List.of(a), failing)).singleElement().isInstanceOf(DeliveryOutcome.TemporaryFailure.class);

            try (Stream<Path> tmp = Files.list(root().resolve("example.org/a/Maildir/tmp"))) {
                assertThat(tmp).isEmpty();
            }
        }
    }

    @Test
    void copiesForSeveralRecipientsShareOneFileWhereTheFileSystemAllows() throws IOException {
        try (MailStore store = open(true)) {
            store.directory().addDomain("example.org");
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            MailboxAddress b = MailboxAddress.parse("b@example.org");
            store.directory().addMailbox(a, "{PLAIN}a");
            store.directory().addMailbox(b, "{PLAIN}b");

            List<DeliveryOutcome> outcomes = store.deliver(List.of(a, b), MessageSource.of(MAIL));

            assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(DeliveryOutcome.Delivered.class));
            assertThat(outcomes.get(0)).isNotEqualTo(outcomes.get(1));
            Path copyA = single(root().resolve("example.org/a/Maildir/new"));
            Path copyB = single(root().resolve("example.org/b/Maildir/new"));
            assertThat(Files.isSameFile(copyA, copyB)).isTrue();
            assertThat(copyA.getFileName()).isNotEqualTo(copyB.getFileName());
        }
    }

    @Test
    void aClosedStoreRefusesWork() {
        MailStore store = open(true);
        store.close();
        store.close();

        assertThatThrownBy(store::directory).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.open(MailboxAddress.parse("a@example.org"))).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aClosedMaildropRefusesWork() {
        try (MailStore store = open(true)) {
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            store.directory().addDomain("example.org");
            store.directory().addMailbox(a, "{PLAIN}a");
            Maildrop maildrop = store.open(a);
            maildrop.close();

            assertThatThrownBy(() -> maildrop.commit(new BitSet())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> maildrop.content(1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void deletionsOutsideTheSnapshotAreRefusedBeforeAnythingIsDeleted() {
        try (MailStore store = open(true)) {
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            store.directory().addDomain("example.org");
            store.directory().addMailbox(a, "{PLAIN}a");
            store.deliver(List.of(a), MessageSource.of(MAIL));

            try (Maildrop maildrop = store.open(a)) {
                BitSet tooFar = new BitSet();
                tooFar.set(1);
                tooFar.set(2);
                assertThatThrownBy(() -> maildrop.commit(tooFar)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> maildrop.content(2)).isInstanceOf(IllegalArgumentException.class);
            }
            try (Maildrop maildrop = store.open(a)) {
                assertThat(maildrop.messages()).hasSize(1);
            }
        }
    }

    private static Path single(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
