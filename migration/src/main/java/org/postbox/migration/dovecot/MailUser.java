package org.postbox.migration.dovecot;

import java.util.Objects;
import java.util.Optional;

/**
 * The user facts a {@link MailLocation} is expanded with, as Dovecot's mail processes have them:
 * {@code %u} the user name as logged in ({@code name@domain} or a bare name), {@code %n} its part
 * before the last {@code @} (all of it without one), {@code %d} the part after (empty without
 * one), {@code %h} the home directory, {@code %i} and {@code %{gid}} the UNIX ids.
 */
public record MailUser(String user, Optional<String> home, Optional<String> uid, Optional<String> gid) {

    public MailUser {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
    }

    public MailUser(String user) {
        this(user, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** {@code %n}: the user name without its domain. */
    public String username() {
        int at = user.lastIndexOf('@');
        return at < 0 ? user : user.substring(0, at);
    }

    /** {@code %d}: the domain, empty when the user name has none. */
    public String domain() {
        int at = user.lastIndexOf('@');
        return at < 0 ? "" : user.substring(at + 1);
    }
}
