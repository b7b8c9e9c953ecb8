package org.postbox.cli.transfer;

import org.postbox.mailstore.MailboxAddress;

/** The counts of one mailbox while its messages are stored. */
final class MailboxCounts {
    long stored;
    long octets;
    long present;
    long failed;
    long newUidls;

    MailboxSummary summary(MailboxAddress address, MailboxSummary.Status status) {
        return new MailboxSummary(address, status, stored, octets, present, failed, newUidls);
    }
}
