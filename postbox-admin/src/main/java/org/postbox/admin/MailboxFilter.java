package org.postbox.admin;

import java.util.Optional;
import java.util.OptionalDouble;
import org.postbox.mailstore.Mailbox;

/**
 * Which mailboxes a listing shows: of one domain (an unknown one is an error, not an empty list),
 * in one state, at least this full ({@link Mailbox#quotaFill()}, e.g. 0.8).
 */
public record MailboxFilter(Optional<String> domain, Optional<MailboxState> state, OptionalDouble minFill) {
    public static final MailboxFilter ALL = new MailboxFilter(Optional.empty(), Optional.empty(), OptionalDouble.empty());

    public MailboxFilter {
        if (minFill.isPresent() && !(minFill.getAsDouble() >= 0)) {
            throw new AdminException(ErrorKind.INVALID, "the minimum fill is a fraction from 0 up, e.g. 0.8");
        }
    }

    public static MailboxFilter domain(String domain) {
        return new MailboxFilter(Optional.of(domain), Optional.empty(), OptionalDouble.empty());
    }

    boolean matches(Mailbox mailbox) {
        return state.map(s -> s.matches(mailbox)).orElse(true)
                && (minFill.isEmpty() || mailbox.quotaFill() >= minFill.getAsDouble());
    }
}
