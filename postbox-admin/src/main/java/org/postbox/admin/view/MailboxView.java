package org.postbox.admin.view;

import org.postbox.mailstore.Mailbox;

/**
 * A mailbox: {@code {"address":"alice@example.com","messages":3,"octets":1234,"maxMessages":0,
 * "maxOctets":1073741824,"fill":0.0000011,"suspended":false,"pop3":true,
 * "lastLogin":"2026-01-02T03:04:05Z"}}; limits of 0 are unlimited.
 *
 * @param fill      how full it is, the larger of its storage and message fill (0 when unlimited)
 * @param suspended suspended by itself or with its domain
 * @param pop3      POP3 logins allowed, by its own setting and its domain's
 * @param lastLogin the last successful login (ISO-8601, UTC), or null when none was recorded
 */
public record MailboxView(String address, int messages, long octets, long maxMessages, long maxOctets, double fill,
                          boolean suspended, boolean pop3, String lastLogin) {
    public static MailboxView of(Mailbox mailbox) {
        return new MailboxView(mailbox.address().toString(), mailbox.messageCount(), mailbox.storedOctets(),
                mailbox.quota().messages(), mailbox.quota().storageOctets(), mailbox.quotaFill(), mailbox.suspended(),
                mailbox.pop3Enabled(), mailbox.lastLogin().map(Object::toString).orElse(null));
    }
}
