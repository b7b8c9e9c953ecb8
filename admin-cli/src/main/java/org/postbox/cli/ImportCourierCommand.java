package org.postbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.cli.transfer.CourierInstallation;
import org.postbox.cli.transfer.Installation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postbox import courier (--userdb FILE | --passwd-file FILE...) --mail-root DIR [...]}. */
@Command(name = "courier", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Imports a Courier installation with every POP3 UIDL kept.",
            "Takes every account of the userdb (or of Dovecot-style "
                + "passwd-files), its password hash kept when Postbox verifies its scheme, its quota from the "
                + "userdb's quota field or else the Maildir++ maildirsize, domains created as needed, and every "
                + "INBOX message with the UIDL and in the order Courier's POP3 server listed it (from "
                + "courierpop3dsizelist; or X-UIDL headers with --uidl-from x-uidl).",
            "Existing domains and mailboxes are left as they are; messages a mailbox has already, by UIDL, are "
                    + "skipped, so the command can be run again to finish an interrupted import. Message files are "
                    + "hard-linked into the store, copied with --copy, or moved with --move. Stop Courier first. "
                    + "The report at the end lists what was not imported and why."})
final class ImportCourierCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Accounts accounts;

    /** Where the accounts are: one of the two. */
    static final class Accounts {
        @Option(names = "--userdb", required = true, paramLabel = "FILE",
                description = "Courier's userdb source (e.g. /etc/courier/userdb): a file, or a directory of files.")
        private Path userdb;

        @Option(names = "--passwd-file", required = true, paramLabel = "FILE",
                description = "A Dovecot-style passwd-file instead; repeat for several.")
        private List<Path> passwdFiles;
    }

    @Option(names = "--uidl-from", paramLabel = "courier|x-uidl",
            description = {"courier (the default): the UIDLs Courier listed in courierpop3dsizelist.",
                "x-uidl: a message's X-UIDL header where it has one (kept from an older server), else as courier."})
    private String uidlFrom = "courier";

    @Mixin
    private ImportOptions options;

    ImportCourierCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        boolean xUidl = switch (uidlFrom) {
            case "courier" -> false;
            case "x-uidl" -> true;
            default -> throw new CommandFailure(ExitCodes.USAGE, "--uidl-from " + uidlFrom + ": use courier or x-uidl");
        };
        Optional<Path> userdb = Optional.ofNullable(accounts.userdb)
                .map(file -> TransferOutputs.readable("--userdb", file, true));
        List<Path> passwdFiles = accounts.passwdFiles == null ? List.of() : accounts.passwdFiles;
        passwdFiles.forEach(file -> TransferOutputs.readable("--passwd-file", file, false));
        CourierInstallation.Settings settings = new CourierInstallation.Settings(userdb, passwdFiles,
                options.mailRoot(), options.mailLocation(), options.defaultDomain(), xUidl);
        Installation installation;
        try {
            installation = CourierInstallation.read(settings);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "cannot read the accounts: " + e.getMessage(), e);
        }
        return ImportExecution.run(context, spec, options, installation);
    }
}
