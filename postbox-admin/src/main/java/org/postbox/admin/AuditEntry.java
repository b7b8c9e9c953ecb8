package org.postbox.admin;

import java.util.List;
import java.util.Objects;

/**
 * One change, as the audit log records it: who made it, what operation, on what, and what it
 * changed. Never a password or a hash: a change of one is recorded as {@code password}.
 *
 * @param action  what was done, {@code <resource>.<verb>}, e.g. {@code mailbox.add}
 * @param target  the domain, address, alias or token name
 * @param changes what changed, for people, e.g. {@code suspended false -> true}; may be empty
 */
public record AuditEntry(Actor who, String action, String target, List<String> changes) {
    public AuditEntry {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        changes = List.copyOf(changes);
    }

    /**
     * The one line logged: {@code who=cli:root action=mailbox.add target=alice@example.com
     * changes="quota storage 0 -> 1073741824; password"}. Values that are not one plain word are
     * quoted, so a crafted name can neither split the line nor pass for another key.
     */
    public String line() {
        StringBuilder line = new StringBuilder()
                .append("who=").append(value(who.name()))
                .append(" action=").append(value(action))
                .append(" target=").append(value(target));
        if (!changes.isEmpty()) {
            line.append(" changes=").append(quoted(String.join("; ", changes)));
        }
        return line.toString();
    }

    private static String value(String text) {
        boolean plain = !text.isEmpty() && text.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '"' && c != '=');
        return plain ? text : quoted(text);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
