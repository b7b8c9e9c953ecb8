package org.postbox.mailstore;

import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox's retention: its own expire setting, if it has one, and its domain's settings.
 *
 * @param ownExpire empty when the mailbox inherits its domain's
 */
public record MailboxRetention(MailboxAddress address, Optional<Expire> ownExpire, DomainRetention domain) {

    public MailboxRetention {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ownExpire, "ownExpire");
        Objects.requireNonNull(domain, "domain");
    }

    /** What applies: the mailbox's own setting, else its domain's. */
    public Expire expire() {
        return ownExpire.orElse(domain.expire());
    }
}
