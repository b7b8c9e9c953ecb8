package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.admin.view.AliasView;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox alias list DOMAIN [--json]} */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the aliases of a domain with their target mailboxes, its catch-all (@domain) first.")
final class AliasListCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The domain name.")
    private String domain;

    @Option(names = "--json", description = "Print a JSON array of {\"alias\",\"domain\",\"catchAll\",\"targets\":[...]} "
            + "objects.")
    private boolean json;

    AliasListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String name = Arguments.domain(domain);
        List<AliasView> aliases;
        try (MailStore store = context.openStore()) {
            aliases = context.admin(store).aliases().list(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, aliases);
        } else {
            TextTable table = new TextTable(new TextTable.Column("ALIAS", false), new TextTable.Column("TARGETS", false));
            aliases.forEach(alias -> table.row(alias.alias(), String.join(" ", alias.targets())));
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
