package org.postbox.mailstore;

import java.util.Objects;
import java.util.Optional;

/**
 * A difference that {@link Directory#recalculateQuota} found and fixed between the usage a store
 * had recorded and what its stored messages add up to. Recorded usage drifts when another program
 * changes the mail (a Dovecot or Courier agent, a manual clean-up) or after a crash between storing
 * a message and counting it.
 *
 * @param domain   the domain concerned
 * @param mailbox  the mailbox concerned; empty for the domain's total
 * @param recorded the usage recorded before
 * @param actual   the usage of the stored messages, recorded from now on
 */
public record QuotaDrift(String domain, Optional<MailboxAddress> mailbox, QuotaUsage recorded, QuotaUsage actual) {

    public QuotaDrift {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(actual, "actual");
    }

    public static QuotaDrift ofMailbox(MailboxAddress mailbox, QuotaUsage recorded, QuotaUsage actual) {
        return new QuotaDrift(mailbox.domain(), Optional.of(mailbox), recorded, actual);
    }

    public static QuotaDrift ofDomain(String domain, QuotaUsage recorded, QuotaUsage actual) {
        return new QuotaDrift(domain, Optional.empty(), recorded, actual);
    }
}
