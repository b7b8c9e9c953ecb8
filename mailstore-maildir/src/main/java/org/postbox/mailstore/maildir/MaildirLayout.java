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

    /** The maildrop's {@link MaildropIndexFile}: outside the Maildir, where Dovecot never looks. */
    Path indexFile(MailboxAddress address) {
        return mailboxDirectory(address).resolve(MaildropIndexFile.FILE_NAME);
    }

    /** The mailbox's {@link LastLogin}, outside the Maildir. */
    Path lastLoginFile(MailboxAddress address) {
        return mailboxDirectory(address).resolve(LastLogin.FILE_NAME);
    }

    /** The mailbox's {@link RecentDeliveries}, outside the Maildir. */
    Path recentDeliveriesDirectory(MailboxAddress address) {
        return mailboxDirectory(address).resolve(RecentDeliveries.DIRECTORY_NAME);
    }

    /** The mailbox's {@link QuotaLock}, beside its maildrop lock, outside the Maildir. */
    Path quotaLockFile(MailboxAddress address) {
        return mailboxDirectory(address).resolve("postbox-quota.lock");
    }

    /** Maildir++ puts it in the Maildir's top directory, where Dovecot and Courier look for it. */
    MaildirSizeFile maildirSize(MailboxAddress address) {
        Maildir maildir = maildir(address);
        return new MaildirSizeFile(maildir.path().resolve("maildirsize"), maildir.folder(Maildir.TMP));
    }

    // A domain's own files start with a dot: no mailbox directory can be named so.

    Path domainSettingsFile(String domain) {
        return domainDirectory(domain).resolve(DomainSettings.FILE_NAME);
    }

    Path domainQuotaLockFile(String domain) {
        return domainDirectory(domain).resolve(".postbox-quota.lock");
    }

    /** The domain's total usage, in {@code maildirsize} format. */
    MaildirSizeFile domainSize(String domain) {
        return new MaildirSizeFile(domainDirectory(domain).resolve(".postbox-domainsize"), domainDirectory(domain));
    }
}
