package org.postbox.mailstore.maildir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailboxAddress;

/**
 * The parsed content of the alias file: one alias per line, its name, a colon, and its target
 * mailboxes separated by commas, in the spirit of {@code /etc/aliases}:
 * <pre>
 * sales@example.org: alice@example.org, bob@example.org
 * &#64;example.org: postmaster@example.org
 * </pre>
 * ({@code @domain} is the domain's catch-all). Comments, blank lines and lines we cannot parse are
 * kept verbatim and otherwise ignored, so a rewrite changes nothing we did not mean to change;
 * when a name appears on several lines the first one counts, and changes apply to all.
 */
final class AliasEntries {

    static final AliasEntries EMPTY = new AliasEntries(List.of());

    /** The first line of a file we create, for whoever opens it. */
    static final String HEADER = "# Postbox aliases, name: target, target... per line (@domain is the catch-all)."
            + " Change them with: postbox alias";

    /** A domain's catch-all first, then its aliases by local part. */
    private static final Comparator<Alias> LISTING_ORDER = Comparator.comparing(
            (Alias alias) -> alias.name().localPart().orElse(""));

    private final List<String> lines;
    private final Map<AliasName, Alias> byName;
    private final List<Integer> unreadableLines;

    private AliasEntries(List<String> lines) {
        this.lines = List.copyOf(lines);
        Map<AliasName, Alias> parsed = new LinkedHashMap<>();
        List<Integer> unreadable = new ArrayList<>();
        for (int i = 0; i < this.lines.size(); i++) {
            String line = this.lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Optional<Alias> alias = parseLine(line);
            if (alias.isEmpty()) {
                unreadable.add(i + 1);
                continue;
            }
            parsed.putIfAbsent(alias.get().name(), alias.get());
        }
        this.byName = parsed;
        this.unreadableLines = List.copyOf(unreadable);
    }

    /** Parses file content; lines end with LF. */
    static AliasEntries parse(String content) {
        if (content.isEmpty()) {
            return EMPTY;
        }
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final line end does not start a line
        }
        return new AliasEntries(lines);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    Optional<Alias> get(AliasName name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The aliases of {@code domain}, its catch-all first, then by local part. */
    List<Alias> ofDomain(String domain) {
        return byName.values().stream().filter(alias -> alias.name().domain().equals(domain)).sorted(LISTING_ORDER).toList();
    }

    /** The aliases that deliver to {@code mailbox}, in file order. */
    List<Alias> targeting(MailboxAddress mailbox) {
        return byName.values().stream().filter(alias -> alias.targets().contains(mailbox)).toList();
    }

    /** The numbers of the lines that are neither comments nor aliases, for a warning. */
    List<Integer> unreadableLines() {
        return unreadableLines;
    }

    /** Adds the alias, or replaces the targets of every line of its name. */
    AliasEntries with(Alias alias) {
        if (!byName.containsKey(alias.name())) {
            List<String> changed = new ArrayList<>(lines);
            if (changed.isEmpty()) {
                changed.add(HEADER);
            }
            changed.add(render(alias));
            return new AliasEntries(changed);
        }
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            boolean named = !line.startsWith("#") && parseLine(line).filter(a -> a.name().equals(alias.name())).isPresent();
            changed.add(named ? render(alias) : line);
        }
        return new AliasEntries(changed);
    }

    AliasEntries without(AliasName name) {
        return keeping(alias -> !alias.name().equals(name));
    }

    /** Removes the aliases and the catch-all of {@code domain}. */
    AliasEntries withoutDomain(String domain) {
        return keeping(alias -> !alias.name().domain().equals(domain));
    }

    /** Makes every alias that delivers to {@code from} deliver to {@code to} instead, in the same place. */
    AliasEntries withTargetRenamed(MailboxAddress from, MailboxAddress to) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            Optional<Alias> alias = line.startsWith("#") ? Optional.empty() : parseLine(line);
            if (alias.isPresent() && alias.get().targets().contains(from)) {
                List<MailboxAddress> targets = alias.get().targets().stream()
                        .map(target -> target.equals(from) ? to : target).distinct().toList();
                changed.add(render(new Alias(alias.get().name(), targets)));
            } else {
                changed.add(line);
            }
        }
        return new AliasEntries(changed);
    }

    private AliasEntries keeping(Predicate<Alias> keep) {
        List<String> changed = new ArrayList<>(lines.size());
        for (String line : lines) {
            Optional<Alias> alias = line.startsWith("#") ? Optional.empty() : parseLine(line);
            if (alias.isEmpty() || keep.test(alias.get())) {
                changed.add(line);
            }
        }
        return new AliasEntries(changed);
    }

    private static String render(Alias alias) {
        return alias.name() + ": " + String.join(", ", alias.targets().stream().map(MailboxAddress::toString).toList());
    }

    private static Optional<Alias> parseLine(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            AliasName name = AliasName.parse(line.substring(0, colon).strip());
            List<MailboxAddress> targets = new ArrayList<>();
            for (String target : line.substring(colon + 1).split(",")) {
                if (!target.isBlank()) {
                    targets.add(MailboxAddress.parse(target.strip()));
                }
            }
            return Optional.of(new Alias(name, targets));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // no targets, a target twice, or not an address: kept verbatim, unused
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AliasEntries entries && entries.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }
}
