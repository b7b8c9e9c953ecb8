package org.postbox.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.postbox.cli.transfer.RunReport;
import org.postbox.cli.transfer.StoreMigration;
import org.postbox.config.ConfigException;
import org.postbox.config.PostboxConfig;
import org.postbox.config.StoreConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postbox migrate --to jpa|maildir --target-config FILE [--verify] [--dry-run] [--json]} */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copies everything to another store, e.g. from Maildir to PostgreSQL.",
            "Copies the whole installation from the store of --config to the store of --target-config: every domain (limits), mailbox (password hash, limits, "
                + "suspension, app passwords) and message, with its UIDL and in its order, so that POP3 clients "
                + "fetch nothing again. The source is only read.",
            "Stop the daemon first: a mailbox in use is skipped and reported. Existing domains and mailboxes on the "
                    + "target are left as they are; messages the target has already, by UIDL, are skipped, so the "
                    + "command can be run again to finish an interrupted migration. A domain's own suspension comes "
                    + "over as the suspension of its mailboxes (see the report). Then point the daemon's "
                    + "configuration at the new store."})
final class MigrateCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "jpa|maildir",
            description = "The target's store type; --target-config must configure that type.")
    private String to;

    @Option(names = "--target-config", required = true, paramLabel = "FILE",
            description = "A configuration file whose store: section is the target store.")
    private Path targetConfig;

    @Option(names = "--verify",
            description = "Also compare the SHA-256 of each stored message with the source's; sizes are always compared.")
    private boolean verify;

    @Option(names = "--dry-run", description = "Print what would be done; change nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print JSON lines: one object per domain, mailbox and finding, then a summary.")
    private boolean json;

    MigrateCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String type = to.toLowerCase(Locale.ROOT);
        if (!type.equals("jpa") && !type.equals("maildir")) {
            throw new CommandFailure(ExitCodes.USAGE, "--to " + to + ": use jpa or maildir");
        }
        TransferOutputs.readable("--target-config", targetConfig, false);
        StoreConfig target;
        try {
            target = PostboxConfig.load(targetConfig).store();
        } catch (ConfigException e) {
            throw new CommandFailure(ExitCodes.CONFIG, targetConfig + ": " + e.getMessage(), e);
        }
        if (!target.type().equals(type)) {
            throw new CommandFailure(ExitCodes.USAGE, targetConfig + " configures a " + target.type()
                    + " store, not " + type + " (--to)");
        }
        if (context.options().configFile().map(this::sameFile).orElse(false)) {
            throw new CommandFailure(ExitCodes.USAGE, "--target-config is the configuration of the source store");
        }
        StoreMigration.Mode mode = new StoreMigration.Mode(
                verify ? MailboxImport.Verification.DIGEST : MailboxImport.Verification.SIZE, dryRun);
        RunReport report;
        // Each batch spools into a directory of its own there, removed after the batch; a dry run creates none.
        Path spool = Path.of(System.getProperty("java.io.tmpdir"));
        try (MailStore source = context.openStore(); MailStore destination = open(target)) {
            report = new StoreMigration(source, destination, mode,
                    TransferOutputs.of(context, spec.commandLine().getOut(), json, "migrated", dryRun), spool).run();
        }
        return TransferOutputs.exitCode(report);
    }

    /** The target store; its configuration errors name the target's file, not --config. */
    private MailStore open(StoreConfig target) {
        try {
            return target.open();
        } catch (ConfigException e) {
            throw new CommandFailure(ExitCodes.CONFIG, targetConfig + ": " + e.getMessage(), e);
        }
    }

    private boolean sameFile(Path config) {
        try {
            return Files.isSameFile(config, targetConfig);
        } catch (IOException e) {
            return false;
        }
    }
}
