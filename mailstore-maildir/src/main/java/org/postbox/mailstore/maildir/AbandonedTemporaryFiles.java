package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what deliveries cut short (the daemon killed, the disk full at the wrong moment) left
 * in a Maildir's {@code tmp/}: files nobody has written to for {@link #ABANDONED} are abandoned,
 * as the Maildir specification and Dovecot hold. POP3 never lists {@code tmp/}, so such files are
 * never seen, but they take disk space that no quota counts.
 *
 * <p>Looked at by every {@code period}-th delivery of the store, into the mailbox it delivers to,
 * so an active mailbox is cleaned soon and the cost (one listing of a folder that is almost always
 * empty) is not paid per message. {@link RecentDeliveries} relies on a crashed delivery's
 * {@code tmp/} file staying within its window of at most a day; 36 hours is beyond it.
 */
final class AbandonedTemporaryFiles {

    static final Duration ABANDONED = Duration.ofHours(36);
    static final int DEFAULT_PERIOD = 64;

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedTemporaryFiles.class);

    private final int period;
    private final Clock clock;
    private final AtomicLong deliveries = new AtomicLong();

    AbandonedTemporaryFiles(int period, Clock clock) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be at least 1, got " + period);
        }
        this.period = period;
        this.clock = clock;
    }

    /** Called once per delivery into {@code maildir}; cleans its {@code tmp/} when this delivery's turn has come. */
    void afterDelivery(Maildir maildir) {
        if (deliveries.incrementAndGet() % period == 0) {
            removeFrom(maildir);
        }
    }

    /** Removes the abandoned files of {@code maildir}'s {@code tmp/}; never throws. */
    void removeFrom(Maildir maildir) {
        Instant before = clock.instant().minus(ABANDONED);
        Path tmp = maildir.folder(Maildir.TMP);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
            for (Path entry : entries) {
                removeIfAbandoned(entry, before);
            }
        } catch (NoSuchFileException gone) {
            // A mailbox removed meanwhile: nothing to clean.
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot clean {}: {}", tmp, e.toString());
        }
    }

    private static void removeIfAbandoned(Path entry, Instant before) throws IOException {
        try {
            if (Files.isRegularFile(entry) && Files.getLastModifiedTime(entry).toInstant().isBefore(before)) {
                long size = Files.size(entry);
                Files.deleteIfExists(entry);
                LOG.info("removed {} ({} octets), left in tmp/ by a delivery that did not finish", entry, size);
            }
        } catch (NoSuchFileException gone) {
            // Renamed into new/ or removed by another process meanwhile.
        }
    }
}
