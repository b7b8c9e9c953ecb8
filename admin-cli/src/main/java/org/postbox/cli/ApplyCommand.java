package org.postbox.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.postbox.admin.view.ApplyItemView;
import org.postbox.admin.view.ApplyReportView;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox apply FILE [--dry-run] [--json]} */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Makes the store as a provisioning file says: domains, mailboxes with pre-hashed passwords, "
                + "aliases and catch-alls, quotas, suspension and POP3 access; reports per item whether it was "
                + "created, changed or already so. Applying the same file again changes nothing.",
            "FILE is JSON when its name ends in .json, else CSV (format in docs/cli.md). Every item is checked "
                    + "first: a bad one is reported as FILE:LINE and nothing changes. Nothing is ever removed."})
final class ApplyCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The provisioning file, .json or .csv.")
    private Path file;

    @Option(names = "--dry-run", description = "Check the file and report what would be done, changing nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print {\"dryRun\",\"created\",\"changed\",\"unchanged\",\"items\":"
            + "[{\"kind\",\"name\",\"outcome\",\"changes\":[...]}]}.")
    private boolean json;

    ApplyCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandFailure(ExitCodes.NO_INPUT, file + ": no such file, or not readable");
        }
        ApplyReportView report;
        try (MailStore store = context.openStore()) {
            report = context.admin(store).provisioning().apply(context.actor(), file, dryRun);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, report);
            return ExitCodes.OK;
        }
        String would = dryRun ? "would be " : "";
        for (ApplyItemView item : report.items()) {
            StringBuilder line = new StringBuilder(item.kind()).append(' ').append(item.name()).append(": ")
                    .append(item.outcome().equals("unchanged") ? "unchanged" : would + item.outcome());
            if (!item.changes().isEmpty()) {
                line.append(" (").append(String.join("; ", item.changes())).append(')');
            }
            out.println(line);
        }
        out.println((dryRun ? "dry run, nothing changed: " : "") + report.created() + " " + would + "created, "
                + report.changed() + " " + would + "changed, " + report.unchanged() + " unchanged");
        out.flush();
        return ExitCodes.OK;
    }
}
