package org.postbox.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.postbox.cli.transfer.DovecotInstallation;
import org.postbox.cli.transfer.ImportRun;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.MailboxImport;
import org.postbox.migration.dovecot.MailLocation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options {@code import dovecot} and {@code import courier} share. */
final class ImportOptions {

    @Option(names = "--mail-root", required = true, paramLabel = "DIR",
            description = "Where the old server's mail is: relative mail locations start here.")
    private Path mailRoot;

    @Option(names = "--mail-location", paramLabel = "TEMPLATE",
            description = {"Where each INBOX is, as Dovecot's mail_location: relative to --mail-root, or absolute, "
                    + "or ~/... for the account's home; %%u is the user (name@domain), %%n the name, %%d the domain, "
                    + "%%h the home directory; an optional maildir: prefix, and :CONTROL=... where the uidlist is "
                    + "kept apart. Default: %%d/%%n/Maildir; %%d/%%n is the other common layout.",
                "A Dovecot account's own userdb_mail overrides it."})
    private String mailLocation = DovecotInstallation.DEFAULT_MAIL_LOCATION;

    @Option(names = "--default-domain", paramLabel = "DOMAIN",
            description = "The domain of account names given without one (as with Dovecot's username_format=%%n).")
    private String defaultDomain;

    @ArgGroup(exclusive = true)
    private TransferChoice transfer;

    /** How message files reach the store: linked unless one of these is given. */
    static final class TransferChoice {
        @Option(names = "--copy", required = true,
                description = "Copy the message files instead of hard-linking them: for a store on another file system.")
        private boolean copy;

        @Option(names = "--move", required = true,
                description = "Move the message files into the store (link or copy, then remove the source file once "
                        + "the message is safely stored). The only option that changes the source.")
        private boolean move;
    }

    @Option(names = "--verify",
            description = "Also compare the SHA-256 of each stored message with its source file; every message's "
                    + "size is compared anyway.")
    private boolean verify;

    @Option(names = "--dry-run",
            description = "Read everything and print what would be done (domains, mailboxes, messages, octets, "
                    + "warnings); change nothing.")
    private boolean dryRun;

    @Option(names = "--json",
            description = "Print JSON lines instead of text: one object per domain, mailbox and finding, then a summary.")
    private boolean json;

    /**
     * The mail root, checked to exist.
     *
     * @throws CommandFailure when it is no directory
     */
    Path mailRoot() {
        if (!Files.isDirectory(mailRoot)) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "--mail-root " + mailRoot + ": no such directory");
        }
        return mailRoot.toAbsolutePath().normalize();
    }

    MailLocation mailLocation() {
        try {
            return MailLocation.parse(mailLocation);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--mail-location: " + e.getMessage());
        }
    }

    Optional<String> defaultDomain() {
        return Optional.ofNullable(defaultDomain).map(Arguments::domain);
    }

    ImportRun.Mode mode() {
        ImportedMessage.Transfer how = ImportedMessage.Transfer.LINK;
        if (transfer != null) {
            how = transfer.copy ? ImportedMessage.Transfer.COPY : ImportedMessage.Transfer.MOVE;
        }
        return new ImportRun.Mode(how, verify ? MailboxImport.Verification.DIGEST : MailboxImport.Verification.SIZE, dryRun);
    }

    boolean dryRun() {
        return dryRun;
    }

    boolean json() {
        return json;
    }
}
