package org.postbox.admin;

import java.util.Optional;

/**
 * What {@link Mailboxes#put} sets on a mailbox; what is not given stays as it is (or as a new
 * mailbox starts: active, POP3 on, unlimited). A new mailbox needs a password.
 */
public record MailboxSettings(Optional<NewPassword> password, Optional<Boolean> suspended, Optional<Boolean> pop3,
                              MailboxQuotaChange quota) {
    public static MailboxSettings withPassword(NewPassword password) {
        return new MailboxSettings(Optional.of(password), Optional.empty(), Optional.empty(), MailboxQuotaChange.NONE);
    }
}
