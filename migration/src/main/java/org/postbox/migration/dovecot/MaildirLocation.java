package org.postbox.migration.dovecot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a Dovecot user's INBOX is on disk.
 *
 * @param maildir          the Maildir: {@code cur/}, {@code new/}, {@code tmp/} and {@code maildirsize}
 * @param controlDirectory where Dovecot keeps its {@code dovecot-uidlist} for it
 */
public record MaildirLocation(Path maildir, Path controlDirectory) {

    public MaildirLocation {
        Objects.requireNonNull(maildir, "maildir");
        Objects.requireNonNull(controlDirectory, "controlDirectory");
    }

    /** {@code <controlDirectory>/dovecot-uidlist}. */
    public Path uidlist() {
        return controlDirectory.resolve(DovecotUidlist.FILE_NAME);
    }
}
