package org.postbox.mailstore;

/**
 * What a mailbox, or all mailboxes of a domain, hold: the octets of their messages as stored and
 * the number of messages.
 */
public record QuotaUsage(long storedOctets, long messages) {

    public static final QuotaUsage NONE = new QuotaUsage(0, 0);

    public QuotaUsage plus(QuotaUsage other) {
        return new QuotaUsage(storedOctets + other.storedOctets, messages + other.messages);
    }

    public QuotaUsage minus(QuotaUsage other) {
        return new QuotaUsage(storedOctets - other.storedOctets, messages - other.messages);
    }
}
