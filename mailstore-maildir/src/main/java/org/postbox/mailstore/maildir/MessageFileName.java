package org.postbox.mailstore.maildir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * A message file name in {@code new/} or {@code cur/}, as written by us, Dovecot or any other
 * Maildir agent: {@code <unique>[,S=<octets>][,W=<crlf octets>][,<other>][:2,<flags>]}.
 *
 * <p>The <em>base name</em> is the name up to the first {@code ':'}; it identifies the message
 * for its whole life, because moving from {@code new/} to {@code cur/} or changing flags only
 * rewrites what follows the colon.
 *
 * <p>The POP3 unique id is the base name without Dovecot's {@code ,S=} and {@code ,W=} size
 * fields (they describe the content, not its identity, and dropping them keeps our own ids within
 * RFC 1939's 70 characters). When that is not a valid UIDL (longer than 70 characters or
 * containing octets outside 0x21..0x7E) the id is {@code H:} followed by the hex SHA-256 of the
 * base name: stable, and never equal to a name-derived id, which cannot contain a colon.
 *
 * @param name         the whole file name
 * @param baseName     the name up to the first colon
 * @param naturalId    the base name without size fields; may be an invalid UIDL
 * @param storedSize   the {@code S=} field, the file's length in octets, when present
 * @param crlfSize     the {@code W=} field, the length with CRLF line ends, when present
 * @param seconds      the leading delivery time in epoch seconds, or -1 when the name has none
 * @param micros       the microseconds of the {@code .M<micros>} field that follows, else 0
 */
record MessageFileName(String name, String baseName, String naturalId, OptionalLong storedSize,
                       OptionalLong crlfSize, long seconds, long micros) {

    static final int MAX_UNIQUE_ID_LENGTH = 70;

    static MessageFileName parse(String name) {
        String base = baseName(name);
        String[] fields = base.split(",", -1);
        StringJoiner id = new StringJoiner(",");
        id.add(fields[0]);
        OptionalLong stored = OptionalLong.empty();
        OptionalLong crlf = OptionalLong.empty();
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i];
            OptionalLong value = sizeField(field);
            if (field.startsWith("S=") && value.isPresent() && stored.isEmpty()) {
                stored = value;
            } else if (field.startsWith("W=") && value.isPresent() && crlf.isEmpty()) {
                crlf = value;
            } else {
                id.add(field);
            }
        }
        int digits = leadingDigits(name, 0);
        long seconds = digits == 0 ? -1 : Long.parseLong(name.substring(0, digits));
        long micros = 0;
        if (digits > 0 && name.startsWith(".M", digits)) {
            int microDigits = leadingDigits(name, digits + 2);
            if (microDigits > 0) {
                micros = Long.parseLong(name.substring(digits + 2, digits + 2 + microDigits));
            }
        }
        return new MessageFileName(name, base, id.toString(), stored, crlf, seconds, micros);
    }

    /** The UIDL of this file when no other file of the maildir claims the same natural id. */
    String uniqueId() {
        return isValidUniqueId(naturalId) ? naturalId : hashedId(baseName);
    }

    /** The name up to its first colon: what stays the same when an agent changes the message's flags. */
    static String baseName(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** The fallback UIDL: {@code H:} and the hex SHA-256 of the base name (66 characters). */
    static String hashedId(String baseName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(baseName.getBytes(StandardCharsets.UTF_8));
            return "H:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    static boolean isValidUniqueId(String id) {
        if (id.isEmpty() || id.length() > MAX_UNIQUE_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static OptionalLong sizeField(String field) {
        // 18 digits keep the value inside a long; longer is garbage, not a size.
        int length = field.length() - 2;
        if (field.length() < 3 || field.charAt(1) != '=' || length > 18 || leadingDigits(field, 2) != length) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(field.substring(2)));
    }

    private static int leadingDigits(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 18 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }
}
