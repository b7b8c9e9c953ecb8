package org.postbox.admin;

import java.util.Arrays;
import java.util.Locale;
import org.postbox.mailstore.Mailbox;

/** The states {@code mailbox list --state} and the API's {@code ?state=} filter by. */
public enum MailboxState {
    /** Not suspended and allowed POP3 logins: its owner can log in. */
    ACTIVE,
    /** Suspended by itself or with its domain. */
    SUSPENDED,
    /** POP3 logins off, by its own setting or its domain's (suspended or not). */
    POP3_OFF;

    public boolean matches(Mailbox mailbox) {
        return switch (this) {
            case ACTIVE -> !mailbox.suspended() && mailbox.pop3Enabled();
            case SUSPENDED -> mailbox.suspended();
            case POP3_OFF -> !mailbox.pop3Enabled();
        };
    }

    /** {@code active}, {@code suspended} or {@code pop3-off}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws AdminException of kind {@link ErrorKind#INVALID} for another word */
    public static MailboxState parse(String text) {
        return Arrays.stream(values()).filter(state -> state.label().equalsIgnoreCase(text.strip())).findFirst()
                .orElseThrow(() -> new AdminException(ErrorKind.INVALID,
                        "unknown state '" + text + "'; choose active, suspended or pop3-off"));
    }
}
