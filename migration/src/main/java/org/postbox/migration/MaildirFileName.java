package org.postbox.migration;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The name of a message file in a Maildir's {@code cur/} or {@code new/}:
 * {@code <base name>[:2,<flags>]}, where the base name may carry Dovecot's and Courier's
 * {@code ,S=<octets>} (file size) and {@code ,W=<octets>} (size with CRLF line ends) fields. The
 * base name is what stays when a message moves from {@code new/} to {@code cur/} or its flags
 * change, so it is the key by which {@code dovecot-uidlist} and {@code courierpop3dsizelist}
 * entries are matched to files: Dovecot and Courier both cut the name at its first colon.
 */
public record MaildirFileName(String name) {

    public MaildirFileName {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a Maildir file name: '" + name + "'");
        }
    }

    /** The name up to its first colon (the whole name when it has none). */
    public String baseName() {
        return baseName(name);
    }

    /** {@code fileName} up to its first colon (all of it when it has none). */
    public static String baseName(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** The {@code ,S=} field of the base name: the file's size in octets, when the name carries it. */
    public OptionalLong fileSize() {
        return sizeField('S');
    }

    /** The {@code ,W=} field of the base name: the size with CRLF line ends (what POP3 counts), when the name carries it. */
    public OptionalLong crlfSize() {
        return sizeField('W');
    }

    private OptionalLong sizeField(char key) {
        String base = baseName();
        String marker = "," + key + "=";
        int at = base.indexOf(marker);
        if (at < 0) {
            return OptionalLong.empty();
        }
        int start = at + marker.length();
        int end = start;
        while (end < base.length() && end - start < 18 && base.charAt(end) >= '0' && base.charAt(end) <= '9') {
            end++;
        }
        if (end == start || (end < base.length() && base.charAt(end) != ',')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(base.substring(start, end)));
    }
}
