package org.postbox.migration.courier;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.postbox.migration.MaildirFileName;
import org.postbox.migration.UidlOutcome;

/**
 * One message line of a {@code courierpop3dsizelist}: {@code <file name> <size> <uid>:<uidv>:<utf8>}
 * (version 3), {@code <file name> <size> <uid>:<uidv>} (version 2), {@code <file name> <size> <uid>}
 * (version 1) or {@code <file name> <size>} (version 0, before Courier numbered messages).
 *
 * @param line        its line number
 * @param fileName    the file name Courier last saw, flags included
 * @param size        the message's size as Courier's POP3 server listed it (CRLF line ends)
 * @param uid         Courier's POP3 message number, 0 when it has none
 * @param uidValidity the validity the number was given under, 0 when none was recorded
 * @param utf8        whether Courier found 8-bit header text in it (version 3)
 */
public record SizeListEntry(long line, String fileName, long size, long uid, long uidValidity, boolean utf8) {

    public SizeListEntry {
        Objects.requireNonNull(fileName, "fileName");
    }

    public String baseName() {
        return MaildirFileName.baseName(fileName);
    }

    /**
     * The UIDL Courier's POP3 server sends for it (pop3dserver.c): {@code UID<uid>-<uidv>},
     * {@code UID<uid>} when no validity was recorded, and for UID 0 the base file name with every
     * octet outside 0x21..0x7E and every {@code '}, {@code "} and {@code +} written as {@code +XX}
     * (upper-case hex). The latter can be longer than RFC 1939 allows, which the outcome says.
     */
    public UidlOutcome uidl() {
        if (uid != 0) {
            return UidlOutcome.of(uidValidity != 0 ? "UID" + uid + "-" + uidValidity : "UID" + uid);
        }
        StringBuilder uidl = new StringBuilder();
        for (byte b : baseName().getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x21 || c > 0x7e || c == '\'' || c == '"' || c == '+') {
                uidl.append(String.format("+%02X", c));
            } else {
                uidl.append((char) c);
            }
        }
        return UidlOutcome.of(uidl.toString());
    }
}
