package org.postbox.cli;

import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;

/** The ADDRESS|DOMAIN argument of the quota commands: a mailbox when it has an {@code @}, else a domain. */
record QuotaTarget(Optional<MailboxAddress> mailbox, String domain) {

    static QuotaTarget of(String text) {
        if (text.contains("@")) {
            MailboxAddress address = Arguments.address(text);
            return new QuotaTarget(Optional.of(address), address.domain());
        }
        return new QuotaTarget(Optional.empty(), Arguments.domain(text));
    }

    boolean isMailbox() {
        return mailbox.isPresent();
    }
}
