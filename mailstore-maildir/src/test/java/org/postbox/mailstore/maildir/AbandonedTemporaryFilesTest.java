package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;

/** What a delivery cut short leaves in tmp/ goes after 36 hours, and nothing else does. */
class AbandonedTemporaryFilesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void onlyFilesUntouchedFor36HoursAreRemoved() throws Exception {
        Maildir maildir = new Maildir(dir.resolve("Maildir"));
        maildir.createFolders();
        Path abandoned = tmpFile(maildir, "1.abandoned", NOW.minus(Duration.ofHours(37)));
        Path writing = tmpFile(maildir, "2.being-written", NOW.minus(Duration.ofHours(35)));
        Path delivered = Files.writeString(maildir.folder(Maildir.NEW).resolve("3.delivered"), "old mail");
        Files.setLastModifiedTime(delivered, FileTime.from(NOW.minus(Duration.ofDays(400))));

        new AbandonedTemporaryFiles(1, Clock.fixed(NOW, ZoneOffset.UTC)).removeFrom(maildir);

        assertThat(abandoned).doesNotExist();
        assertThat(writing).as("a delivery may still be writing it").exists();
        assertThat(delivered).as("new/ and cur/ are never touched").exists();
    }

    @Test
    void everyPeriodthDeliveryLooks() throws Exception {
        Maildir maildir = new Maildir(dir.resolve("Maildir"));
        maildir.createFolders();
        Path abandoned = tmpFile(maildir, "1.abandoned", NOW.minus(Duration.ofDays(3)));
        AbandonedTemporaryFiles cleaner = new AbandonedTemporaryFiles(3, Clock.fixed(NOW, ZoneOffset.UTC));

        cleaner.afterDelivery(maildir);
        cleaner.afterDelivery(maildir);
        assertThat(abandoned).exists();
        cleaner.afterDelivery(maildir);
        assertThat(abandoned).doesNotExist();
    }

    @Test
    void theStoreCleansAMailboxItDeliversTo() throws Exception {
        try (MailStore store = new MaildirStore(MaildirSettings.parse(Map.of("path", "mail"), dir))) {
            MailboxAddress alice = MailboxAddress.parse("alice@example.org");
            store.directory().addDomain("example.org");
            store.directory().addMailbox(alice, "{PLAIN}secret");
            store.deliver(List.of(alice), MessageSource.of("Subject: first\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)));
            Maildir maildir = new MaildirLayout(dir.resolve("mail").toRealPath()).maildir(alice);
            Path abandoned = tmpFile(maildir, "1.abandoned", Instant.now().minus(Duration.ofDays(2)));

            for (int i = 0; i < AbandonedTemporaryFiles.DEFAULT_PERIOD; i++) {
                store.deliver(List.of(alice), MessageSource.of(("Subject: " + i + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII)));
            }

            assertThat(abandoned).doesNotExist();
            try (Maildrop maildrop = store.open(alice)) {
                assertThat(maildrop.messages()).hasSize(AbandonedTemporaryFiles.DEFAULT_PERIOD + 1);
            }
        }
    }

    private static Path tmpFile(Maildir maildir, String name, Instant modified) throws Exception {
        Path file = Files.writeString(maildir.folder(Maildir.TMP).resolve(name), "half a message");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
