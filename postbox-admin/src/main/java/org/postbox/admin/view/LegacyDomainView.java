package org.postbox.admin.view;

import java.util.List;

/**
 * One domain of the legacy access report: its totals per kind, then its mailboxes by address.
 * {@code {"domain":"example.com","uses":[{"kind":"no-tls","mailboxes":2,...}],"mailboxes":[...]}}
 */
public record LegacyDomainView(String domain, List<LegacyUseView> uses, List<LegacyMailboxView> mailboxes) {
    public LegacyDomainView {
        uses = List.copyOf(uses);
        mailboxes = List.copyOf(mailboxes);
    }
}
