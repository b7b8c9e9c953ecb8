package org.postbox.cli;

import org.postbox.cli.transfer.ImportRun;
import org.postbox.cli.transfer.Installation;
import org.postbox.cli.transfer.RunReport;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Model.CommandSpec;

/** Runs an import of either kind into the configured store. */
final class ImportExecution {

    private ImportExecution() {
    }

    static int run(CommandContext context, CommandSpec spec, ImportOptions options, Installation installation) {
        RunReport report;
        try (MailStore store = context.openStore()) {
            ImportRun run = new ImportRun(store.directory(), store.importer(), options.mode(),
                    TransferOutputs.of(context, spec.commandLine().getOut(), options.json(), "imported", options.dryRun()));
            report = run.run(installation);
        }
        return TransferOutputs.exitCode(report);
    }
}
