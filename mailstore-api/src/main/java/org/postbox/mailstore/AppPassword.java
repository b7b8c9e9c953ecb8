package org.postbox.mailstore;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One of a mailbox's app passwords: a named extra password for a client that can do nothing
 * better than send a password (USER/PASS, SASL PLAIN or LOGIN), revocable by itself without
 * changing the mailbox's own password or any other client's.
 *
 * <p>Names are case-sensitive, unique per mailbox and follow {@link #checkName}. The hash is in
 * Dovecot's {@code {SCHEME}value} syntax, like {@link Account#passwordHash()}.
 *
 * @param name         what the owner calls it, e.g. {@code thunderbird}
 * @param passwordHash the stored hash; never printed by {@link #toString()}
 * @param created      when it was added, to the second
 */
public record AppPassword(String name, String passwordHash, Instant created) {

    /** The most app passwords one mailbox may have: enough for every device, few enough to review. */
    public static final int MAX_PER_MAILBOX = 20;

    /** The longest name. */
    public static final int MAX_NAME_LENGTH = 64;

    // A name is typed on command lines and stored in line-based files: no spaces, no separators.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");

    public AppPassword {
        checkName(name);
        Objects.requireNonNull(passwordHash, "passwordHash");
        if (passwordHash.isEmpty()) {
            throw new IllegalArgumentException("the hash of app password '" + name + "' must not be empty");
        }
        Objects.requireNonNull(created, "created");
    }

    /**
     * Returns {@code name} if it is a valid app password name: 1 to {@value #MAX_NAME_LENGTH}
     * letters, digits, dots, underscores and hyphens.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid app password name '" + printable(name) + "': use 1 to "
                    + MAX_NAME_LENGTH + " letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    @Override
    public String toString() {
        // Never print hashes into logs by accident.
        return "AppPassword[name=" + name + ", created=" + created + "]";
    }

    /** A rejected name goes into an error message: shortened, and without control characters. */
    private static String printable(String name) {
        String shown = name.length() > MAX_NAME_LENGTH + 8 ? name.substring(0, MAX_NAME_LENGTH + 8) + "..." : name;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
