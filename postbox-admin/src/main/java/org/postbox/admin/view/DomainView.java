package org.postbox.admin.view;

import org.postbox.mailstore.Domain;

/**
 * A domain: {@code {"domain":"example.com","mailboxes":2,"aliases":1,"suspended":false,"pop3":true}}.
 *
 * @param pop3 whether its mailboxes may log in over POP3 (each mailbox has its own setting too)
 */
public record DomainView(String domain, int mailboxes, int aliases, boolean suspended, boolean pop3) {
    public static DomainView of(Domain domain) {
        return new DomainView(domain.name(), domain.mailboxCount(), domain.aliasCount(), domain.suspended(),
                domain.pop3Enabled());
    }
}
