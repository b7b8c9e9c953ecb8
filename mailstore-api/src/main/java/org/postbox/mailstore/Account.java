package org.postbox.mailstore;

/**
 * What authentication needs to know of a mailbox: its address, its stored password hash in
 * Dovecot's {@code {SCHEME}hash} syntax (for example {@code {ARGON2ID}$argon2id$v=19$...}), and
 * whether it is suspended, by itself or with its whole domain. A suspended mailbox keeps its mail
 * but may not log in and takes no deliveries.
 */
public record Account(MailboxAddress address, String passwordHash, boolean suspended) {

    /** An account that is not suspended. */
    public Account(MailboxAddress address, String passwordHash) {
        this(address, passwordHash, false);
    }

    @Override
    public String toString() {
        // Never print hashes into logs by accident.
        return "Account[" + address + (suspended ? ", suspended" : "") + "]";
    }
}
