package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.admin.view.AdminTokenView;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postbox admin-token list [--json]} */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the admin API tokens by name with their scope and when each was created (UTC). Their "
                + "secrets are not stored and cannot be shown.")
final class AdminTokenListCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of {\"name\",\"scope\",\"created\"} objects.")
    private boolean json;

    AdminTokenListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<AdminTokenView> tokens;
        try (MailStore store = context.openStore()) {
            tokens = context.admin(store).adminTokens().list();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, tokens);
        } else {
            TextTable table = new TextTable(new TextTable.Column("NAME", false), new TextTable.Column("SCOPE", false),
                    new TextTable.Column("CREATED", false));
            tokens.forEach(token -> table.row(token.name(), token.scope(), token.created()));
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
