package org.postbox.mailstore.maildir;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.MailboxAddress;

/**
 * The parsed content of the app-password file: one app password per line,
 * <pre>
 * alice@example.org:thunderbird:{SSHA512}base64...:2025-11-22T01:18:00Z
 * </pre>
 * address, name, hash and creation time (ISO-8601, UTC; the only field that may hold colons, so
 * it comes last). Names and hashes never contain a colon. Comments, blank lines and lines we cannot
 * parse are kept verbatim and otherwise ignored, so a rewrite changes nothing we did not mean to
 * change; when a mailbox has one name on several lines the first one counts.
 */
final class AppPasswordEntries {

    static final AppPasswordEntries EMPTY = new AppPasswordEntries(List.of());

    /** The first line of a file we create, for whoever opens it. */
    static final String HEADER = "# Postbox app passwords, address:name:hash:created per line."
            + " Change them with: postbox mailbox app-password";

    private static final Comparator<AppPassword> BY_NAME = Comparator.comparing(AppPassword::name);

    private final List<String> lines;
    private final Map<MailboxAddress, List<AppPassword>> byMailbox;
    private final List<Integer> unreadableLines;

    private AppPasswordEntries(List<String> lines) {
        this.lines = List.copyOf(lines);
        Map<MailboxAddress, List<AppPassword>> parsed = new HashMap<>();
        List<Integer> unreadable = new ArrayList<>();
        for (int i = 0; i < this.lines.size(); i++) {
            String line = this.lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Optional<Entry> entry = Entry.parse(line);
            if (entry.isEmpty()) {
                unreadable.add(i + 1);
                continue;
            }
            List<AppPassword> ofMailbox = parsed.computeIfAbsent(entry.get().address(), a -> new ArrayList<>());
            if (ofMailbox.stream().noneMatch(app -> app.name().equals(entry.get().appPassword().name()))) {
                ofMailbox.add(entry.get().appPassword());
            }
        }
        parsed.replaceAll((address, list) -> {
            list.sort(BY_NAME);
            return List.copyOf(list);
        });
        this.byMailbox = Collections.unmodifiableMap(parsed);
        this.unreadableLines = List.copyOf(unreadable);
    }

    /** Parses file content; lines end with LF. */
    static AppPasswordEntries parse(String content) {
        if (content.isEmpty()) {
            return EMPTY;
        }
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final line end does not start a line
        }
        return new AppPasswordEntries(lines);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The app passwords of {@code address}, sorted by name; none for an unknown address. */
    List<AppPassword> of(MailboxAddress address) {
        return byMailbox.getOrDefault(address, List.of());
    }

    /** The numbers of the lines that are neither comments nor app passwords, for a warning. */
    List<Integer> unreadableLines() {
        return unreadableLines;
    }

    /** Adds a line; the caller has checked that the name is free. */
    AppPasswordEntries with(MailboxAddress address, AppPassword appPassword) {
        List<String> changed = new ArrayList<>(lines);
        if (changed.isEmpty()) {
            changed.add(HEADER);
        }
        changed.add(address + ":" + appPassword.name() + ":" + appPassword.passwordHash() + ":" + appPassword.created());
        return new AppPasswordEntries(changed);
    }

    /** Removes every line of {@code address} named {@code name}. */
    AppPasswordEntries without(MailboxAddress address, String name) {
        return keeping(entry -> !(entry.address().equals(address) && entry.appPassword().name().equals(name)));
    }

    /** Removes every line of {@code address}. */
    AppPasswordEntries withoutMailbox(MailboxAddress address) {
        return keeping(entry -> !entry.address().equals(address));
    }

    /**
     * Gives {@code to} exactly the app passwords of {@code from}, which keeps its own: the first
     * step of a rename, which may run again after a crash without losing any.
     */
    AppPasswordEntries withCopies(MailboxAddress from, MailboxAddress to) {
        AppPasswordEntries copied = withoutMailbox(to);
        for (AppPassword appPassword : of(from)) {
            copied = copied.with(to, appPassword);
        }
        return copied;
    }

    private AppPasswordEntries keeping(Predicate<Entry> keep) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            Optional<Entry> entry = line.startsWith("#") ? Optional.empty() : Entry.parse(line);
            if (entry.isEmpty() || keep.test(entry.get())) {
                changed.add(line);
            }
        }
        return new AppPasswordEntries(changed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppPasswordEntries entries && entries.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    /** One parsed line. */
    private record Entry(MailboxAddress address, AppPassword appPassword) {

        static Optional<Entry> parse(String line) {
            String[] fields = line.split(":", 4);
            if (fields.length != 4) {
                return Optional.empty();
            }
            try {
                MailboxAddress address = MailboxAddress.parse(fields[0]);
                return Optional.of(new Entry(address, new AppPassword(fields[1], fields[2], Instant.parse(fields[3]))));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
