package org.postbox.mailstore;

/** The result of delivering one message to one recipient. */
public sealed interface DeliveryOutcome {

    /** Stored and fully visible to POP3. */
    record Delivered(String uniqueId) implements DeliveryOutcome {
    }

    /** No such mailbox (permanent). */
    record NoSuchMailbox() implements DeliveryOutcome {
    }

    /**
     * The mailbox or its domain is over quota. The reason names which limit: the mailbox's or the
     * domain's, storage or message count (see {@link MailboxQuota#refusal}, {@link DomainQuota#refusal}).
     */
    record OverQuota(String reason) implements DeliveryOutcome {
    }

    /** The mailbox or its domain is suspended and takes no mail (permanent, RFC 3463 {@code 5.2.1}). */
    record Suspended() implements DeliveryOutcome {
    }

    /**
     * The store's volume has no room for the message (the disk, or the file system's own quota,
     * is full): nothing is visible and the sender should retry once there is room (RFC 3463
     * {@code 4.3.1}, mail system full). Apart from {@link TemporaryFailure} so that the MTA and
     * the administrator are told what to fix.
     */
    record StoreFull(String reason) implements DeliveryOutcome {
    }

    /** The store could not take the message now; nothing is visible; the sender should retry. */
    record TemporaryFailure(String reason) implements DeliveryOutcome {
    }
}
