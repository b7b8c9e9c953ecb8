package org.postbox.admin.view;

import org.postbox.mailstore.DomainQuotaReport;

/**
 * A domain's quota: {@code {"domain","mailboxes","maxMailboxes","messages","octets","maxOctets"}};
 * limits of 0 are unlimited.
 */
public record DomainQuotaView(String domain, int mailboxes, int maxMailboxes, long messages, long octets,
                              long maxOctets) {
    public static DomainQuotaView of(DomainQuotaReport report) {
        return new DomainQuotaView(report.domain(), report.mailboxes(), report.limit().mailboxes(),
                report.usage().messages(), report.usage().storedOctets(), report.limit().storageOctets());
    }
}
