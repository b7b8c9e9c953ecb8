package org.postbox.admin.view;

import java.util.List;

/** A domain's quota with its mailboxes': {@code {"domain":{...},"mailboxes":[{...}]}}. */
public record DomainQuotaDetailView(DomainQuotaView domain, List<MailboxQuotaView> mailboxes) {
    public DomainQuotaDetailView {
        mailboxes = List.copyOf(mailboxes);
    }
}
