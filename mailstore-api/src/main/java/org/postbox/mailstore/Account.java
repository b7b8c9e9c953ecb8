package org.postbox.mailstore;

/**
 * What authentication needs to know of a mailbox: its address and its stored password hash in
 * Dovecot's {@code {SCHEME}hash} syntax (for example {@code {ARGON2ID}$argon2id$v=19$...}).
 */
public record Account(MailboxAddress address, String passwordHash) {
    @Override
    public String toString() {
        // Never print hashes into logs by accident.
        return "Account[" + address + "]";
    }
}
