package org.postbox.system;

import java.util.List;

/**
 * A mailbox on the provider's old server: its account, the scheme its password is stored in there,
 * and how many messages it holds when the move begins.
 */
record SourceMailbox(Account account, String scheme, int messages) {

    /** Four mailboxes on two domains, of different sizes and with the password schemes Dovecot installations use. */
    static List<SourceMailbox> provider() {
        return List.of(
                new SourceMailbox(new Account("alice@example.com", "alice-Secret-1"), "SHA512-CRYPT", 5),
                new SourceMailbox(new Account("bob@example.com", "bob-Secret-2"), "ARGON2ID", 3),
                new SourceMailbox(new Account("carol@example.org", "carol-Secret-3"), "SSHA512", 4),
                new SourceMailbox(new Account("dave@example.org", "dave-Secret-4"), "SHA256-CRYPT", 2));
    }
}
