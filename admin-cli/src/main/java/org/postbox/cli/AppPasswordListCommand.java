package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.admin.view.AppPasswordView;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox app-password list ADDRESS [--json]} */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the app passwords of a mailbox by name, with when each was added (UTC). "
                + "The passwords themselves are not stored and cannot be shown.")
final class AppPasswordListCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Option(names = "--json", description = "Print a JSON array of {\"name\":...,\"created\":...} objects.")
    private boolean json;

    AppPasswordListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        List<AppPasswordView> appPasswords;
        try (MailStore store = context.openStore()) {
            appPasswords = context.admin(store).appPasswords().list(mailbox);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, appPasswords);
        } else {
            TextTable table = new TextTable(new TextTable.Column("NAME", false), new TextTable.Column("CREATED", false));
            appPasswords.forEach(app -> table.row(app.name(), app.created()));
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
