package org.postbox.mailstore;

import java.util.Optional;

/**
 * The limits of one domain (tenant); {@code 0} means unlimited.
 *
 * @param storageOctets the most octets all of its mailboxes together may occupy, as stored
 * @param mailboxes     the most mailboxes it may have; enforced when a mailbox is added
 */
public record DomainQuota(long storageOctets, int mailboxes) {

    /** No limits at all. */
    public static final DomainQuota UNLIMITED = new DomainQuota(0, 0);

    public DomainQuota {
        if (storageOctets < 0 || mailboxes < 0) {
            throw new IllegalArgumentException("quota limits must be 0 (unlimited) or positive, got storage "
                    + storageOctets + " and mailboxes " + mailboxes);
        }
    }

    public boolean isUnlimited() {
        return storageOctets == 0 && mailboxes == 0;
    }

    /**
     * Why one more message of {@code octets} octets must be refused when the domain's mailboxes
     * hold {@code usage} together, or empty if it fits (the limit may be reached, never passed).
     */
    public Optional<String> refusal(QuotaUsage usage, long octets) {
        if (storageOctets > 0 && usage.storedOctets() + octets > storageOctets) {
            return Optional.of("domain storage quota exceeded (" + storageOctets + " octets)");
        }
        return Optional.empty();
    }
}
