package org.postbox.mailstore;

import java.util.Objects;
import java.util.Optional;

/**
 * A domain's limits, what its mailboxes hold together now, and how many mailboxes it has
 * ({@link Directory#domainQuota}).
 */
public record DomainQuotaReport(String domain, DomainQuota limit, QuotaUsage usage, int mailboxes) {

    public DomainQuotaReport {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(usage, "usage");
    }

    /** Why a message of {@code octets} octets would not fit in the domain now, or empty if it would. */
    public Optional<String> refusal(long octets) {
        return limit.refusal(usage, octets);
    }
}
