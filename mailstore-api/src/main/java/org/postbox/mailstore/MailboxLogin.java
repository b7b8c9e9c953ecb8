package org.postbox.mailstore;

import java.util.Objects;

/** A login found in the history of every mailbox ({@link MailboxHistory#logins}). */
public record MailboxLogin(MailboxAddress address, HistoryEvent.Login login) {
    public MailboxLogin {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(login, "login");
    }
}
