package org.postbox.cli.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.MaildirSizeFile;
import org.postbox.migration.SourceFormatException;

/** The limits in a Maildir's Maildir++ {@code maildirsize}, for mailboxes whose account states none. */
final class MaildirQuotaFile {

    static final String FILE_NAME = "maildirsize";

    private MaildirQuotaFile() {
    }

    /** The limits, when the file exists and says any; a file that cannot be read is a finding. */
    static Optional<MailboxQuota> read(Path maildir, String mailbox, List<Finding> findings) throws IOException {
        Path file = maildir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return MaildirSizeFile.read(file).map(MaildirSizeFile::limits).filter(limits -> !limits.isUnlimited());
        } catch (SourceFormatException e) {
            findings.add(new Finding(Finding.Kind.WARNING, e.problem().origin(),
                    mailbox + " is imported without the quota of its maildirsize: " + e.problem().reason()));
            return Optional.empty();
        }
    }
}
