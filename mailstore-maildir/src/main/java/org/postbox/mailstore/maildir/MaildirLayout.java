package org.postbox.mailstore.maildir;

import java.nio.file.Path;

import org.postbox.mailstore.MailboxAddress;

/**
 * Where things live under the root, as Dovecot's {@code mail_location = maildir:<root>/%d/%n/Maildir}:
 * a directory per domain, one per mailbox inside it, and the mailbox's {@code Maildir} and lock file
 * inside that.
 */
record MaildirLayout(Path root) {

    Path domainDirectory(String domain) {
        return root.resolve(domain);
    }

    Path mailboxDirectory(MailboxAddress address) {
        return domainDirectory(address.domain()).resolve(address.localPart());
    }

    Maildir maildir(MailboxAddress address) {
        return new Maildir(mailboxDirectory(address).resolve("Maildir"));
    }

    Path lockFile(MailboxAddress address) {
        return mailboxDirectory(address).resolve(MaildropLock.FILE_NAME);
    }
}
