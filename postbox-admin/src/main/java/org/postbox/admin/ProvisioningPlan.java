package org.postbox.admin;

import java.util.List;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailboxAddress;

/**
 * What a provisioning file asks for, item by item, each with where it was written
 * ({@code file:line}) for the messages about it.
 */
public record ProvisioningPlan(List<DomainItem> domains, List<MailboxItem> mailboxes, List<AliasItem> aliases) {
    public ProvisioningPlan {
        domains = List.copyOf(domains);
        mailboxes = List.copyOf(mailboxes);
        aliases = List.copyOf(aliases);
    }

    /** A domain and what to set on it. */
    public record DomainItem(String where, String name, DomainSettings settings) {
    }

    /** A mailbox and what to set on it; a new one needs a (pre-hashed) password. */
    public record MailboxItem(String where, MailboxAddress address, MailboxSettings settings) {
    }

    /** An alias or catch-all and its targets. */
    public record AliasItem(String where, AliasName name, List<MailboxAddress> targets) {
        public AliasItem {
            targets = List.copyOf(targets);
        }
    }
}
