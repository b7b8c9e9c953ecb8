package org.postbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.postbox.config.PostboxConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code postbox}: the administration command. Provisions domains, mailboxes, passwords and quotas
 * in the configured store and delivers a message from standard input.
 */
@Command(name = "postbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Administers a Postbox mail store: domains, mailboxes, aliases, passwords, app passwords, "
                + "quotas, admin API tokens, bulk provisioning, local delivery, and moving mail in (from Dovecot, "
                + "Courier or another store) and out; shows and ends the running daemon's sessions.",
        footerHeading = "%nConfiguration:%n")
public final class PostboxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final GlobalOptions options;

    private PostboxCommand(GlobalOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        CommandLine command = create(System.in, ConsoleTerminal.ofProcess());
        System.exit(command.execute(args));
    }

    /**
     * The whole command tree, reading from {@code stdin} and confirming on {@code terminal}. Set
     * its out and err writers after this call; they then apply to every subcommand.
     */
    static CommandLine create(InputStream stdin, Optional<Terminal> terminal) {
        return create(stdin, terminal, System.getenv());
    }

    /** The command tree with {@code environment} for the process's environment (tests give their own). */
    static CommandLine create(InputStream stdin, Optional<Terminal> terminal, Map<String, String> environment) {
        GlobalOptions options = new GlobalOptions();
        CommandContext context = new CommandContext(options, stdin, terminal, environment);
        CommandLine root = new CommandLine(new PostboxCommand(options));
        root.getCommandSpec().version("postbox " + version());
        root.getCommandSpec().usageMessage().footer(relativePathsNote());
        root.addSubcommand(new CommandLine(new DomainCommand())
                .addSubcommand(new DomainAddCommand(context))
                .addSubcommand(new DomainListCommand(context))
                .addSubcommand(new DomainRemoveCommand(context))
                .addSubcommand(new DomainSuspendCommand(context))
                .addSubcommand(new DomainResumeCommand(context))
                .addSubcommand(new DomainPop3Command(context))
                .addSubcommand(new DomainLoginDelayCommand(context))
                .addSubcommand(new DomainRetentionCommand(context)));
        root.addSubcommand(new CommandLine(new MailboxCommand())
                .addSubcommand(new MailboxAddCommand(context))
                .addSubcommand(new MailboxListCommand(context))
                .addSubcommand(new MailboxPasswdCommand(context))
                .addSubcommand(new MailboxRemoveCommand(context))
                .addSubcommand(new MailboxSuspendCommand(context))
                .addSubcommand(new MailboxResumeCommand(context))
                .addSubcommand(new MailboxRenameCommand(context))
                .addSubcommand(new MailboxPop3Command(context))
                .addSubcommand(new MailboxExpireCommand(context))
                .addSubcommand(new MailboxUndeleteCommand(context))
                .addSubcommand(new CommandLine(new AppPasswordCommand())
                        .addSubcommand(new AppPasswordAddCommand(context))
                        .addSubcommand(new AppPasswordListCommand(context))
                        .addSubcommand(new AppPasswordRevokeCommand(context)))
                .addSubcommand(new MailboxHistoryCommand(context))
                .addSubcommand(new MailboxLoginDelayCommand(context)));
        root.addSubcommand(new CommandLine(new AliasCommand())
                .addSubcommand(new AliasAddCommand(context))
                .addSubcommand(new AliasSetCommand(context))
                .addSubcommand(new AliasListCommand(context))
                .addSubcommand(new AliasRemoveCommand(context)));
        root.addSubcommand(new CommandLine(new QuotaCommand())
                .addSubcommand(new QuotaShowCommand(context))
                .addSubcommand(new QuotaSetCommand(context))
                .addSubcommand(new QuotaRecalcCommand(context)));
        root.addSubcommand(new DeliverCommand(context));
        root.addSubcommand(new CommandLine(new ImportCommand())
                .addSubcommand(new ImportDovecotCommand(context))
                .addSubcommand(new ImportCourierCommand(context)));
        root.addSubcommand(new ExportCommand(context));
        root.addSubcommand(new MigrateCommand(context));
        root.addSubcommand(new ApplyCommand(context));
        root.addSubcommand(new CommandLine(new AdminTokenCommand())
                .addSubcommand(new AdminTokenCreateCommand(context))
                .addSubcommand(new AdminTokenListCommand(context))
                .addSubcommand(new AdminTokenRevokeCommand(context)));
        root.addSubcommand(new CommandLine(new ReportCommand())
                .addSubcommand(new ReportLegacyCommand(context)));
        root.addSubcommand(new WhoCommand(context));
        root.addSubcommand(new KickCommand(context));
        root.addSubcommand(new ReloadCommand(context));
        root.addSubcommand(new HelpCommand());

        FailureReport report = new FailureReport(options);
        root.setParameterExceptionHandler(report);
        root.setExecutionExceptionHandler(report);
        addExitCodeTable(root);
        return root;
    }

    private static void addExitCodeTable(CommandLine command) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit status:%n")
                .exitCodeList(ExitCodes.table());
        command.getSubcommands().values().forEach(PostboxCommand::addExitCodeTable);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use domain, mailbox, alias, quota, deliver, import, "
                + "export, migrate, apply, admin-token, who, kick, reload or help");
    }

    /**
     * Where relative paths of the configuration file lead, as {@link PostboxConfig#baseDir()}
     * decides, with the directory itself: the bin/ script runs postbox from the installation, but a
     * user reading this may not know which one, nor that the working directory does not count.
     */
    private static String relativePathsNote() {
        String note = PostboxConfig.installationDirectory()
                .map(home -> "Relative paths in the configuration file are resolved against the installation directory, "
                        + home + ", not against the working directory.")
                .orElseGet(() -> "Relative paths in the configuration file are resolved against the installation directory"
                        + " when postbox runs from one (bin/postbox sets it); run otherwise, as now, against the working"
                        + " directory, " + PostboxConfig.baseDir() + ".");
        // The footer is a format string: a '%' in a path must stay a '%'.
        return note.replace("%", "%%");
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = PostboxCommand.class.getResourceAsStream("version.properties")) {
            properties.load(Objects.requireNonNull(in, "version.properties is missing from the jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
