package org.postbox.mailstore.maildir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.postbox.mailstore.MailboxAddress;

/**
 * The parsed content of a Dovecot passwd-file: {@code user:password:uid:gid:gecos:home:shell:extra_fields}
 * per line. Only the first two fields matter to us; every line is kept verbatim (comments, extra
 * fields, users we cannot parse), so rewriting the file changes nothing we did not mean to change.
 * When an address appears on several lines the first one counts, as in Dovecot; changes apply to all.
 */
final class PasswdEntries {

    static final PasswdEntries EMPTY = new PasswdEntries(List.of());

    private final List<String> lines;
    private final Map<MailboxAddress, String> hashes;

    PasswdEntries(List<String> lines) {
        this.lines = List.copyOf(lines);
        Map<MailboxAddress, String> parsed = new LinkedHashMap<>();
        for (String line : this.lines) {
            address(line).ifPresent(address -> parsed.putIfAbsent(address, passwordField(line)));
        }
        this.hashes = Collections.unmodifiableMap(parsed);
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
