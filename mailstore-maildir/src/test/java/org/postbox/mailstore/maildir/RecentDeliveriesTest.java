package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.MailboxAddress;

/** The crash cases of {@link RecentDeliveries} that a store's API cannot reach: a process dying between its steps. */
class RecentDeliveriesTest {

    private static final String TMP_NAME = "1700000000.M1P1Q1.host";
    private static final String NEW_NAME = TMP_NAME + ",S=5,W=5";

    @TempDir
    Path dir;

    private Maildir maildir;
    private RecentDeliveries recent;
    private DeliveryKey key;

    @BeforeEach
    void maildir() throws IOException {
        maildir = new Maildir(dir.resolve("Maildir"));
        maildir.createFolders();
        recent = new RecentDeliveries(dir.resolve(RecentDeliveries.DIRECTORY_NAME), maildir, new Durability(false));
        key = DeliveryKey.of("", MailboxAddress.parse("alice@example.org"),
                DeliveryKey.sha256().digest("hello".getBytes(StandardCharsets.US_ASCII)), Duration.ofDays(1));
    }

    @Test
    void aCopyRenamedIntoNewIsFoundByItsKey() throws IOException {
        Files.writeString(maildir.folder(Maildir.TMP).resolve(TMP_NAME), "hello");

        recent.recordAround(key, TMP_NAME, NEW_NAME,
                () -> Files.move(maildir.folder(Maildir.TMP).resolve(TMP_NAME), maildir.folder(Maildir.NEW).resolve(NEW_NAME)));

        assertThat(recent.delivered(key)).contains(NEW_NAME);
    }

    @Test
    void aRecordWhoseCopyStillLiesInTmpCountsForNothing() throws IOException {
        Files.writeString(maildir.folder(Maildir.TMP).resolve(TMP_NAME), "hello");
        // The process dies after the record and before the rename: the rename never happens.
        Path record = dir.resolve(RecentDeliveries.DIRECTORY_NAME).resolve(key.digest());
        Files.createDirectories(record.getParent());
        Files.writeString(record, TMP_NAME + "\n" + NEW_NAME + "\n");

        assertThat(recent.delivered(key)).isEmpty();
    }

    @Test
    void aFailedRenameTakesItsRecordBack() throws IOException {
        Files.writeString(maildir.folder(Maildir.TMP).resolve(TMP_NAME), "hello");

        assertThatThrownBy(() -> recent.recordAround(key, TMP_NAME, NEW_NAME, () -> {
            Files.delete(maildir.folder(Maildir.TMP).resolve(TMP_NAME)); // as the caller's clean-up does
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(recent.delivered(key)).isEmpty();
        assertThat(dir.resolve(RecentDeliveries.DIRECTORY_NAME).resolve(key.digest())).doesNotExist();
    }

    @Test
    void aCopyItsOwnerDeletedStillCounts() throws IOException {
        Files.writeString(maildir.folder(Maildir.TMP).resolve(TMP_NAME), "hello");
        recent.recordAround(key, TMP_NAME, NEW_NAME,
                () -> Files.move(maildir.folder(Maildir.TMP).resolve(TMP_NAME), maildir.folder(Maildir.NEW).resolve(NEW_NAME)));
        Files.delete(maildir.folder(Maildir.NEW).resolve(NEW_NAME));

        assertThat(recent.delivered(key)).contains(NEW_NAME);
    }
}
