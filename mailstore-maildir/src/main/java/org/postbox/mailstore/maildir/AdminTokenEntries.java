package org.postbox.mailstore.maildir;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.AdminToken;

/**
 * The parsed content of the admin token file: one token per line,
 * <pre>
 * panel WRITE 2026-02-03T04:05:06Z sha256:9f86d081884c7d65...
 * </pre>
 * name, scope, creation time and the hash of the secret, separated by single spaces; the hash is
 * the rest of the line. Comments, blank lines and lines we cannot parse are kept verbatim and
 * otherwise ignored; when a name appears on several lines the first one counts.
 */
final class AdminTokenEntries {

    static final AdminTokenEntries EMPTY = new AdminTokenEntries(List.of());

    static final String HEADER = "# Postbox admin API tokens, name scope created secret-hash per line."
            + " Change them with: postbox admin-token";

    private final List<String> lines;
    private final List<AdminToken> tokens;

    private AdminTokenEntries(List<String> lines) {
        this.lines = List.copyOf(lines);
        List<AdminToken> parsed = new ArrayList<>();
        for (String line : this.lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            parseLine(line).filter(token -> parsed.stream().noneMatch(t -> t.name().equals(token.name())))
                    .ifPresent(parsed::add);
        }
        parsed.sort(Comparator.comparing(AdminToken::name));
        this.tokens = List.copyOf(parsed);
    }

    static AdminTokenEntries parse(String content) {
        if (content.isEmpty()) {
            return EMPTY;
        }
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final line end does not start a line
        }
        return new AdminTokenEntries(lines);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Every token, by name. */
    List<AdminToken> tokens() {
        return tokens;
    }

    Optional<AdminToken> named(String name) {
        return tokens.stream().filter(token -> token.name().equals(name)).findFirst();
    }

    Optional<AdminToken> bySecretHash(String secretHash) {
        return tokens.stream().filter(token -> token.secretHash().equals(secretHash)).findFirst();
    }

    /** Adds a line; the caller has checked that the name is free. */
    AdminTokenEntries with(AdminToken token) {
        checkSecretHash(token.secretHash());
        List<String> changed = new ArrayList<>(lines);
        if (changed.isEmpty()) {
            changed.add(HEADER);
        }
        changed.add(token.name() + " " + token.scope() + " " + token.created() + " " + token.secretHash());
        return new AdminTokenEntries(changed);
    }

    /** Removes every line of that name. */
    AdminTokenEntries without(String name) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            boolean named = !line.startsWith("#") && parseLine(line).filter(t -> t.name().equals(name)).isPresent();
            if (!named) {
                changed.add(line);
            }
        }
        return new AdminTokenEntries(changed);
    }

    /** A hash ends its line: printable ASCII without spaces keeps it one unambiguous field. */
    private static void checkSecretHash(String secretHash) {
        if (secretHash.isEmpty() || secretHash.chars().anyMatch(c -> c <= 0x20 || c > 0x7E)) {
            throw new IllegalArgumentException("an admin token's secret hash must be printable ASCII without spaces");
        }
    }

    private static Optional<AdminToken> parseLine(String line) {
        String[] fields = line.split(" ", 4);
        if (fields.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AdminToken(fields[0], AdminScope.valueOf(fields[1]), fields[3], Instant.parse(fields[2])));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AdminTokenEntries entries && entries.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }
}
