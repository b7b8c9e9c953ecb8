package org.postbox.admin;

import java.util.Optional;
import org.postbox.mailstore.DomainQuota;

/**
 * New limits of a domain; a limit not given keeps its value, 0 removes it.
 *
 * @param storageOctets octets all of its mailboxes together may occupy
 * @param mailboxes     mailboxes it may have
 */
public record DomainQuotaChange(Optional<Long> storageOctets, Optional<Integer> mailboxes) {
    public static final DomainQuotaChange NONE = new DomainQuotaChange(Optional.empty(), Optional.empty());

    public DomainQuotaChange {
        if (storageOctets.filter(v -> v < 0).isPresent() || mailboxes.filter(v -> v < 0).isPresent()) {
            throw new AdminException(ErrorKind.INVALID, "limits are counts from 0 (unlimited) up");
        }
    }

    public boolean isEmpty() {
        return storageOctets.isEmpty() && mailboxes.isEmpty();
    }

    public DomainQuota applyTo(DomainQuota current) {
        return new DomainQuota(storageOctets.orElse(current.storageOctets()), mailboxes.orElse(current.mailboxes()));
    }
}
