package org.postbox.admin.view;

import org.postbox.mailstore.MailboxQuotaReport;

/**
 * A mailbox's quota: {@code {"address","messages","octets","maxMessages","maxOctets","fill"}};
 * limits of 0 are unlimited, {@code fill} as {@link MailboxView#fill()}.
 */
public record MailboxQuotaView(String address, long messages, long octets, long maxMessages, long maxOctets,
                               double fill) {
    public static MailboxQuotaView of(MailboxQuotaReport report) {
        long messages = report.usage().messages();
        long octets = report.usage().storedOctets();
        long maxMessages = report.limit().messages();
        long maxOctets = report.limit().storageOctets();
        double fill = Math.max(maxOctets == 0 ? 0 : (double) octets / maxOctets,
                maxMessages == 0 ? 0 : (double) messages / maxMessages);
        return new MailboxQuotaView(report.address().toString(), messages, octets, maxMessages, maxOctets, fill);
    }
}
