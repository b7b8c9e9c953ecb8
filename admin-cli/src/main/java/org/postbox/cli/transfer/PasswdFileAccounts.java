package org.postbox.cli.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postbox.migration.dovecot.DovecotPasswdFile;
import org.postbox.migration.dovecot.MailLocation;
import org.postbox.migration.dovecot.MaildirLocation;
import org.postbox.migration.dovecot.PasswdAccount;

/** The accounts of Dovecot-style passwd-files, each with where its Maildir is. */
final class PasswdFileAccounts {

    private PasswdFileAccounts() {
    }

    /**
     * Reads {@code files} in order into {@code into}.
     *
     * @throws IOException when a file cannot be read at all: nothing is imported then, since
     *                     every account of that file would be missing
     */
    static void read(List<Path> files, Optional<String> defaultDomain, MailLocation location, Path mailRoot,
                     AccountList into) throws IOException {
        for (Path file : files) {
            DovecotPasswdFile passwd = DovecotPasswdFile.read(file, defaultDomain, DovecotPasswdFile.DEFAULT_SCHEME);
            Set<Long> rejected = new HashSet<>();
            for (PasswdAccount account : passwd.accounts()) {
                String origin = file + ":" + account.line();
                MaildirLocation maildir;
                try {
                    maildir = account.maildir(location, Optional.of(mailRoot));
                } catch (IllegalArgumentException e) {
                    rejected.add(account.line());
                    into.notImported(origin, account.address() + " is not imported: its mail location cannot be used: "
                            + e.getMessage());
                    continue;
                }
                into.add(new SourceAccount(account.address(), origin, account.password(),
                        account.extraFields().noLogin(), account.quota(), maildir.maildir(), maildir.controlDirectory()));
            }
            // The reader names a userdb_mail it cannot parse; the line's rejection above says it already.
            passwd.problems().stream()
                    .filter(problem -> !(rejected.contains(problem.line()) && problem.reason().contains(": userdb_mail: ")))
                    .forEach(into::problem);
        }
    }
}
