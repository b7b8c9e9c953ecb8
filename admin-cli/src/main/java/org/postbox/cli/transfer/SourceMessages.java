package org.postbox.cli.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.postbox.migration.MaildirFileName;
import org.postbox.migration.UidlOutcome;

/** Makes {@link SourceMessage}s from message files, checking their sizes against their names. */
final class SourceMessages {

    private SourceMessages() {
    }

    /**
     * The message in {@code file}. A size different from the {@code ,S=} of its name (a file cut
     * short, or changed after delivery) is a finding; the message is imported as the file is.
     * A file gone since the folder was listed (the old server still running) is a finding too.
     */
    static Optional<SourceMessage> of(Path file, UidlOutcome uidl, boolean listed, List<Finding> findings)
            throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            findings.add(new Finding(Finding.Kind.NOT_IMPORTED, file.toString(),
                    "the file vanished while its Maildir was read: is the old server still running?"));
            return Optional.empty();
        }
        OptionalLong named = new MaildirFileName(file.getFileName().toString()).fileSize();
        if (named.isPresent() && named.getAsLong() != size) {
            findings.add(new Finding(Finding.Kind.WARNING, file.toString(), "the file has " + size
                    + " octets, its name says S=" + named.getAsLong() + "; it is imported as it is"));
        }
        return Optional.of(new SourceMessage(file, size, uidl, listed, MaildirFiles.received(file)));
    }
}
