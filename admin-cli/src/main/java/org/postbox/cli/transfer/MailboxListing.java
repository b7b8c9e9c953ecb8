package org.postbox.cli.transfer;

import java.util.List;
import java.util.Optional;
import org.postbox.mailstore.MailboxQuota;

/**
 * A mailbox of the old server as its POP3 server listed it.
 *
 * @param messages    in the old server's POP3 order
 * @param findings    what was found wrong in its files (uidlist or size list lines, sizes)
 * @param maildirSize the limits of its Maildir++ {@code maildirsize}, when it has one
 */
public record MailboxListing(List<SourceMessage> messages, List<Finding> findings, Optional<MailboxQuota> maildirSize) {

    public MailboxListing {
        messages = List.copyOf(messages);
        findings = List.copyOf(findings);
    }
}
