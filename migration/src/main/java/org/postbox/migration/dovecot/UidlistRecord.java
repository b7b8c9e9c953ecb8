package org.postbox.migration.dovecot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.postbox.migration.MaildirFileName;

/**
 * One message line of a {@code dovecot-uidlist}: {@code <uid> [<extension>...] :<file name>} in
 * version 3, {@code <uid> <file name>} in version 1. Extensions are a capital letter and a value
 * (maildir-uidlist.h in Dovecot's sources): {@code P} the message's own POP3 UIDL, overriding
 * {@code pop3_uidl_format} (an empty {@code P} means the base file name); {@code O} its POP3
 * order; {@code G} its GUID; {@code W} its size with CRLF line ends; {@code S} its file size.
 * Others are kept as written. The file name is the last one Dovecot knew, possibly with older
 * flags than the file has now; the {@link #baseName()} is what matches it to the file.
 *
 * @param line            its line number
 * @param uid             the IMAP UID: {@code %u} of {@code pop3_uidl_format}
 * @param fileName        the file name after the colon
 * @param pop3Uidl        the {@code P} extension, possibly empty
 * @param pop3Order       the {@code O} extension
 * @param guid            the {@code G} extension
 * @param virtualSize     the {@code W} extension
 * @param physicalSize    the {@code S} extension
 * @param otherExtensions other extensions, as written (letter and value)
 */
public record UidlistRecord(long line, long uid, String fileName, Optional<String> pop3Uidl, OptionalLong pop3Order,
                            Optional<String> guid, OptionalLong virtualSize, OptionalLong physicalSize,
                            List<String> otherExtensions) {

    public UidlistRecord {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(pop3Uidl, "pop3Uidl");
        Objects.requireNonNull(pop3Order, "pop3Order");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(virtualSize, "virtualSize");
        Objects.requireNonNull(physicalSize, "physicalSize");
        otherExtensions = List.copyOf(otherExtensions);
    }

    /** The file name up to its first colon, which stays the same while the message's flags change. */
    public String baseName() {
        return MaildirFileName.baseName(fileName);
    }
}
