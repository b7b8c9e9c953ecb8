package org.postbox.cli.transfer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.postbox.migration.MaildirFileName;
import org.postbox.migration.UidlOutcome;

/**
 * A message of the old server's Maildir, as it is to be imported.
 *
 * @param file     its file in {@code cur/} or {@code new/}
 * @param size     the file's size in octets when it was listed: what the store must hold after the copy
 * @param uidl     the UIDL the old server sent for it, or why there is none that can be kept
 * @param listed   whether the old server had listed it, so that clients may have seen its UIDL
 * @param received when it arrived, from its name
 */
public record SourceMessage(Path file, long size, UidlOutcome uidl, boolean listed, Instant received) {

    public SourceMessage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(uidl, "uidl");
        Objects.requireNonNull(received, "received");
    }

    /** The file name up to its first colon: what stays when its flags change. */
    public String baseName() {
        return MaildirFileName.baseName(file.getFileName().toString());
    }
}
