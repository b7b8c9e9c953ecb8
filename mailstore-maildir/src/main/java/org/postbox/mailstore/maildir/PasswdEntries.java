package org.postbox.mailstore.maildir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.postbox.mailstore.MailboxAddress;

/**
 * The parsed content of a Dovecot passwd-file: {@code user:password:uid:gid:gecos:home:shell:extra_fields}
 * per line. The first two fields and the {@link ExtraFields extra fields} matter to us; every line is
 * kept verbatim otherwise (comments, other fields, users we cannot parse), so rewriting the file
 * changes nothing we did not mean to change. The extra fields are everything after the seventh
 * colon, colons included, as Dovecot reads them. When an address appears on several lines the
 * first one counts, as in Dovecot; changes apply to all.
 */
final class PasswdEntries {

    static final PasswdEntries EMPTY = new PasswdEntries(List.of());

    private final List<String> lines;
    private final Map<MailboxAddress, String> hashes;
    private final Map<MailboxAddress, ExtraFields> extras;

    PasswdEntries(List<String> lines) {
        this.lines = List.copyOf(lines);
        Map<MailboxAddress, String> parsed = new LinkedHashMap<>();
        Map<MailboxAddress, ExtraFields> parsedExtras = new LinkedHashMap<>();
        for (String line : this.lines) {
            address(line).ifPresent(address -> {
                if (parsed.putIfAbsent(address, passwordField(line)) == null) {
                    parsedExtras.put(address, ExtraFields.parse(extraField(line)));
                }
            });
        }
        this.hashes = Collections.unmodifiableMap(parsed);
        this.extras = Collections.unmodifiableMap(parsedExtras);
    }

    /** Parses file content; lines end with LF, a CR before it stays part of the line. */
    static PasswdEntries parse(String content) {
        if (content.isEmpty()) {
            return EMPTY;
        }
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final line end does not start a line
        }
        return new PasswdEntries(lines);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    boolean contains(MailboxAddress address) {
        return hashes.containsKey(address);
    }

    Optional<String> passwordHash(MailboxAddress address) {
        return Optional.ofNullable(hashes.get(address));
    }

    /** The extra fields of the address's line; none for an unknown address. */
    ExtraFields extraFields(MailboxAddress address) {
        return extras.getOrDefault(address, ExtraFields.NONE);
    }

    /** Every mailbox, in file order. */
    List<MailboxAddress> addresses() {
        return List.copyOf(hashes.keySet());
    }

    PasswdEntries withMailbox(MailboxAddress address, String passwordHash) {
        List<String> changed = new ArrayList<>(lines);
        // uid, gid, gecos, home, shell and extra fields stay empty: the store supplies them.
        changed.add(address + ":" + passwordHash + "::::::");
        return new PasswdEntries(changed);
    }

    PasswdEntries withPasswordHash(MailboxAddress address, String passwordHash) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (address(line).filter(address::equals).isPresent()) {
                int userEnd = line.indexOf(':');
                int passwordEnd = line.indexOf(':', userEnd + 1);
                changed.add(line.substring(0, userEnd + 1) + passwordHash
                        + (passwordEnd < 0 ? "" : line.substring(passwordEnd)));
            } else {
                changed.add(line);
            }
        }
        return new PasswdEntries(changed);
    }

    /** Changes the extra fields of every line of {@code address}, keeping all other fields. */
    PasswdEntries withExtraFields(MailboxAddress address, UnaryOperator<ExtraFields> change) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (address(line).filter(address::equals).isPresent()) {
                boolean carriageReturn = line.endsWith("\r");
                String content = carriageReturn ? line.substring(0, line.length() - 1) : line;
                int extrasStart = extraFieldStart(content);
                String head = extrasStart < 0
                        ? content + ":".repeat(EXTRA_FIELD_INDEX - colons(content))
                        : content.substring(0, extrasStart);
                String tail = change.apply(ExtraFields.parse(extrasStart < 0 ? "" : content.substring(extrasStart))).render();
                changed.add(head + tail + (carriageReturn ? "\r" : ""));
            } else {
                changed.add(line);
            }
        }
        return new PasswdEntries(changed);
    }

    /** Gives every line of {@code from} the user {@code to}, keeping all other fields. */
    PasswdEntries withAddress(MailboxAddress from, MailboxAddress to) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (address(line).filter(from::equals).isPresent()) {
                changed.add(to + line.substring(line.indexOf(':')));
            } else {
                changed.add(line);
            }
        }
        return new PasswdEntries(changed);
    }

    PasswdEntries withoutMailbox(MailboxAddress address) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (address(line).filter(address::equals).isEmpty()) {
                changed.add(line);
            }
        }
        return new PasswdEntries(changed);
    }

    /** Rejects what cannot be stored in the second field of a passwd-file line. */
    static void checkPasswordHash(String passwordHash) {
        if (passwordHash == null || passwordHash.isEmpty()) {
            throw new IllegalArgumentException("password hash must not be empty");
        }
        for (int i = 0; i < passwordHash.length(); i++) {
            char c = passwordHash.charAt(i);
            if (c == ':' || c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(
                        "password hash must be printable ASCII without ':' (the passwd-file field separator)");
            }
        }
    }

    private static Optional<MailboxAddress> address(String line) {
        int userEnd = line.indexOf(':');
        if (line.startsWith("#") || userEnd <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(MailboxAddress.parse(line.substring(0, userEnd)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a user we do not serve (no domain, unusual syntax): kept verbatim
        }
    }

    /** Fields before the extra fields: user, password, uid, gid, gecos, home, shell. */
    private static final int EXTRA_FIELD_INDEX = 7;

    /** Where the extra fields begin (after the seventh colon), or -1 when the line has fewer fields. */
    private static int extraFieldStart(String line) {
        int position = -1;
        for (int i = 0; i < EXTRA_FIELD_INDEX; i++) {
            position = line.indexOf(':', position + 1);
            if (position < 0) {
                return -1;
            }
        }
        return position + 1;
    }

    private static int colons(String line) {
        return (int) line.chars().filter(c -> c == ':').count();
    }

    private static String extraField(String line) {
        String content = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        int start = extraFieldStart(content);
        return start < 0 ? "" : content.substring(start);
    }

    private static String passwordField(String line) {
        int userEnd = line.indexOf(':');
        int passwordEnd = line.indexOf(':', userEnd + 1);
        String field = passwordEnd < 0 ? line.substring(userEnd + 1) : line.substring(userEnd + 1, passwordEnd);
        return field.endsWith("\r") ? field.substring(0, field.length() - 1) : field;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswdEntries entries && entries.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }
}
