package org.postbox.admin.view;

import java.util.List;

/**
 * Which mailboxes still log in without TLS, by APOP or by CRAM-MD5 (RFC 8314 asks providers to
 * move them to TLS), from the logins the history keeps: those at or after {@code since}, by domain.
 */
public record LegacyReportView(String since, List<LegacyDomainView> domains) {
    public LegacyReportView {
        domains = List.copyOf(domains);
    }
}
