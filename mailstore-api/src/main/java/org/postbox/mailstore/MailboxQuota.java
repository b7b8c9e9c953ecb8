package org.postbox.mailstore;

import java.util.Optional;

/**
 * The limits of one mailbox; {@code 0} means unlimited.
 *
 * @param storageOctets the most octets its messages may occupy, counted as stored (the sizes of
 *                      {@link Mailbox#storedOctets()}, Maildir++'s {@code S=})
 * @param messages      the most messages it may hold
 */
public record MailboxQuota(long storageOctets, long messages) {

    /** No limits at all. */
    public static final MailboxQuota UNLIMITED = new MailboxQuota(0, 0);

    public MailboxQuota {
        if (storageOctets < 0 || messages < 0) {
            throw new IllegalArgumentException("quota limits must be 0 (unlimited) or positive, got storage "
                    + storageOctets + " and messages " + messages);
        }
    }

    public boolean isUnlimited() {
        return storageOctets == 0 && messages == 0;
    }

    /**
     * Why one more message of {@code octets} octets must be refused when the mailbox holds
     * {@code usage}, or empty if it fits. A message fits when the usage after it stays within
     * every limit, so the limits are never passed, only reached.
     */
    public Optional<String> refusal(QuotaUsage usage, long octets) {
        if (messages > 0 && usage.messages() + 1 > messages) {
            return Optional.of("mailbox message quota reached (" + messages + " messages)");
        }
        if (storageOctets > 0 && usage.storedOctets() + octets > storageOctets) {
            return Optional.of("mailbox storage quota exceeded (" + storageOctets + " octets)");
        }
        return Optional.empty();
    }
}
