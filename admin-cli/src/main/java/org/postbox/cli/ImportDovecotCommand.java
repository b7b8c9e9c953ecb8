package org.postbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.cli.transfer.DovecotInstallation;
import org.postbox.cli.transfer.Installation;
import org.postbox.migration.dovecot.DovecotPop3Uidls;
import org.postbox.migration.dovecot.HeaderMd5;
import org.postbox.migration.dovecot.Pop3UidlFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postbox import dovecot --passwd-file FILE... --mail-root DIR [...]}: a Dovecot 2.3
 * installation with passwd-file accounts and Maildir INBOXes.
 */
@Command(name = "dovecot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Imports a Dovecot installation with every POP3 UIDL kept.",
            "Takes every account of the passwd-files (its password hash kept "
                + "when Postbox verifies its scheme, its userdb_quota_rule as its quota, nologin as suspension), "
                + "domains created as needed, and every INBOX message with the POP3 UIDL Dovecot sent for it "
                + "(from dovecot-uidlist: stored P values, else --pop3-uidl-format; or X-UIDL headers with "
                + "--uidl-from x-uidl), in Dovecot's POP3 order.",
            "Existing domains and mailboxes are left as they are (reported as existing); messages a mailbox has "
                    + "already, by UIDL, are skipped, so the command can be run again to finish an interrupted "
                    + "import. Message files are hard-linked into the store (the store on the same file system), "
                    + "copied with --copy, or moved with --move. Stop Dovecot first.",
            "At the end a report lists everything not imported and why, messages that had to get a new UIDL "
                    + "(clients will fetch them again), and mailboxes whose password could not be kept: they get a "
                    + "locked password, to be set with postbox mailbox passwd."})
final class ImportDovecotCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--passwd-file", required = true, paramLabel = "FILE",
            description = "A Dovecot passwd-file (user:password:uid:gid:gecos:home:shell:extra fields); repeat the "
                    + "option for several, looked up in order as Dovecot would.")
    private List<Path> passwdFiles;

    @Option(names = "--pop3-uidl-format", paramLabel = "FORMAT",
            description = "Dovecot's pop3_uidl_format, for messages without a stored UIDL. Default: %%08Xu%%08Xv, "
                    + "Dovecot's own default.")
    private String uidlFormat = Pop3UidlFormat.DEFAULT;

    @Option(names = "--uidl-from", paramLabel = "dovecot|x-uidl",
            description = {"dovecot (the default): the UIDLs Dovecot computed, as above.",
                "x-uidl: as Dovecot with pop3_reuse_xuidl = yes: a message's X-UIDL header where it has one."})
    private String uidlFrom = "dovecot";

    @Mixin
    private ImportOptions options;

    ImportDovecotCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        boolean xUidl = switch (uidlFrom) {
            case "dovecot" -> false;
            case "x-uidl" -> true;
            default -> throw new CommandFailure(ExitCodes.USAGE, "--uidl-from " + uidlFrom + ": use dovecot or x-uidl");
        };
        Pop3UidlFormat format;
        try {
            format = Pop3UidlFormat.parse(uidlFormat);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--pop3-uidl-format: " + e.getMessage());
        }
        passwdFiles.forEach(file -> TransferOutputs.readable("--passwd-file", file, false));
        DovecotInstallation.Settings settings = new DovecotInstallation.Settings(passwdFiles, options.mailRoot(),
                options.mailLocation(), options.defaultDomain(),
                new DovecotPop3Uidls(format, xUidl, HeaderMd5.Variant.APOP3D));
        Installation installation;
        try {
            installation = DovecotInstallation.read(settings);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "cannot read the passwd-file: " + e.getMessage(), e);
        }
        return ImportExecution.run(context, spec, options, installation);
    }
}
