package org.postbox.admin;

import java.util.Optional;
import org.postbox.mailstore.MailboxQuota;

/**
 * New limits of a mailbox; a limit not given keeps its value, 0 removes it.
 *
 * @param storageOctets octets its messages may occupy
 * @param messages      messages it may hold
 */
public record MailboxQuotaChange(Optional<Long> storageOctets, Optional<Long> messages) {
    public static final MailboxQuotaChange NONE = new MailboxQuotaChange(Optional.empty(), Optional.empty());

    public MailboxQuotaChange {
        if (storageOctets.filter(v -> v < 0).isPresent() || messages.filter(v -> v < 0).isPresent()) {
            throw new AdminException(ErrorKind.INVALID, "limits are counts from 0 (unlimited) up");
        }
    }

    public boolean isEmpty() {
        return storageOctets.isEmpty() && messages.isEmpty();
    }

    public MailboxQuota applyTo(MailboxQuota current) {
        return new MailboxQuota(storageOctets.orElse(current.storageOctets()), messages.orElse(current.messages()));
    }
}
