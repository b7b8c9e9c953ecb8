package org.postbox.admin.view;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.QuotaDrift;

/**
 * A difference {@code quota recalc} fixed: {@code {"domain","mailbox" (null for the domain's
 * total),"recordedMessages","recordedOctets","messages","octets"}}.
 */
public record QuotaDriftView(String domain, String mailbox, long recordedMessages, long recordedOctets, long messages,
                             long octets) {
    public static QuotaDriftView of(QuotaDrift drift) {
        return new QuotaDriftView(drift.domain(), drift.mailbox().map(MailboxAddress::toString).orElse(null),
                drift.recorded().messages(), drift.recorded().storedOctets(), drift.actual().messages(),
                drift.actual().storedOctets());
    }
}
