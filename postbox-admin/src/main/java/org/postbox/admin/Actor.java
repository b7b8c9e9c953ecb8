package org.postbox.admin;

import java.util.Objects;

/**
 * Who asks for a change, as audit lines name it: {@code cli:<user>} for the {@code postbox}
 * command run by a system user, {@code token:<name>@<ip>} for an admin API token used from an
 * address.
 */
public record Actor(String name) {
    public Actor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            // An actor is one token of an audit line: no spaces, no line breaks to forge lines with.
            throw new IllegalArgumentException("an actor is one word, got '" + name + "'");
        }
    }

    /** The {@code postbox} command run by the system user {@code user}. */
    public static Actor cli(String user) {
        return new Actor("cli:" + (user == null || user.isBlank() ? "unknown" : user.strip()));
    }

    /** An admin API request authenticated by the token {@code tokenName} from {@code address}. */
    public static Actor token(String tokenName, String address) {
        return new Actor("token:" + tokenName + "@" + address);
    }

    @Override
    public String toString() {
        return name;
    }
}
