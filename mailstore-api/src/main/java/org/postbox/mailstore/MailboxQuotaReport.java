package org.postbox.mailstore;

import java.util.Objects;
import java.util.Optional;

/** A mailbox's limits and what it holds now ({@link Directory#mailboxQuota}). */
public record MailboxQuotaReport(MailboxAddress address, MailboxQuota limit, QuotaUsage usage) {

    public MailboxQuotaReport {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(usage, "usage");
    }

    /** Why a message of {@code octets} octets would not fit now, or empty if it would. */
    public Optional<String> refusal(long octets) {
        return limit.refusal(usage, octets);
    }
}
