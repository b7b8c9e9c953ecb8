package org.postbox.cli.transfer;

import java.util.Objects;
import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.migration.SourcePassword;
import org.postbox.password.GeneratedPassword;

/**
 * The password hash a mailbox is created with. A hash Postbox verifies is taken over as it is.
 * Any other account gets a locked password: the hash of a random secret that is never shown, so
 * that no password opens the mailbox until an administrator sets one; its mail is imported all the
 * same. Never "any password", whatever the old server accepted.
 *
 * @param hash    the hash to store
 * @param problem why the password is locked, when it is
 */
public record PasswordChoice(String hash, Optional<String> problem) {

    public PasswordChoice {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(problem, "problem");
    }

    /** The choice for {@code password}; a locked one says how to set a password for {@code address}. */
    public static PasswordChoice of(SourcePassword password, MailboxAddress address) {
        String why;
        if (password instanceof SourcePassword.Usable usable) {
            return new PasswordChoice(usable.stored(), Optional.empty());
        } else if (password instanceof SourcePassword.Unusable unusable) {
            why = "its password is " + unusable.reason();
        } else if (password instanceof SourcePassword.Locked locked) {
            why = "it was locked on the old server: " + locked.reason();
        } else if (password instanceof SourcePassword.AnyPassword) {
            why = "the old server accepted any password for it (nopassword), which Postbox never does";
        } else {
            why = "it has no password";
        }
        return new PasswordChoice(GeneratedPassword.create().hash(), Optional.of(why
                + "; it is imported with a locked password: set one with postbox mailbox passwd " + address));
    }
}
