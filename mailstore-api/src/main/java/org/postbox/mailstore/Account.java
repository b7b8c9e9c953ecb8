package org.postbox.mailstore;

import java.util.List;
import java.util.Objects;

/**
 * What authentication needs to know of a mailbox: its address, its stored password hash in
 * Dovecot's {@code {SCHEME}hash} syntax (for example {@code {ARGON2ID}$argon2id$v=19$...}), whether
 * it is suspended, by itself or with its whole domain, and its {@link AppPassword app passwords}.
 * A suspended mailbox keeps its mail but may not log in and takes no deliveries.
 *
 * @param pop3Enabled  whether the mailbox may log in over POP3, by its own setting and its
 *                     domain's; mail keeps arriving either way (providers sell POP3 as an option)
 * @param appPasswords sorted by name; a password sent in plain text (USER/PASS, PLAIN, LOGIN) may
 *                     match the main hash or any of these, challenge-response mechanisms use the
 *                     main hash only
 */
public record Account(MailboxAddress address, String passwordHash, boolean suspended, boolean pop3Enabled,
                      List<AppPassword> appPasswords) {

    public Account {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(passwordHash, "passwordHash");
        appPasswords = List.copyOf(appPasswords);
    }

    /** An account without app passwords, POP3 enabled. */
    public Account(MailboxAddress address, String passwordHash, boolean suspended) {
        this(address, passwordHash, suspended, true, List.of());
    }

    /** An account that is not suspended and has no app passwords. */
    public Account(MailboxAddress address, String passwordHash) {
        this(address, passwordHash, false);
    }

    @Override
    public String toString() {
        // Never print hashes into logs by accident.
        return "Account[" + address + (suspended ? ", suspended" : "") + (pop3Enabled ? "" : ", POP3 off")
                + (appPasswords.isEmpty() ? "" : ", " + appPasswords.size() + " app password(s)") + "]";
    }
}
