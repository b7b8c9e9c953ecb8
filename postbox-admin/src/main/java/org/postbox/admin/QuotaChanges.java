package org.postbox.admin;

import java.util.List;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailboxQuota;

/** How a change of limits reads in reports and audit lines: {@code quota storage 0 -> 1073741824}. */
final class QuotaChanges {
    private QuotaChanges() {
    }

    static void describe(DomainQuota before, DomainQuota after, List<String> changes) {
        add(changes, "quota storage", before.storageOctets(), after.storageOctets());
        add(changes, "quota mailboxes", before.mailboxes(), after.mailboxes());
    }

    static void describe(MailboxQuota before, MailboxQuota after, List<String> changes) {
        add(changes, "quota storage", before.storageOctets(), after.storageOctets());
        add(changes, "quota messages", before.messages(), after.messages());
    }

    private static void add(List<String> changes, String what, long before, long after) {
        if (before != after) {
            changes.add(what + " " + before + " -> " + after);
        }
    }
}
