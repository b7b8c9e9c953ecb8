package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postbox domain list [--json]} */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the domains with their number of mailboxes.")
final class DomainListCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of {\"domain\":...,\"mailboxes\":...} objects.")
    private boolean json;

    DomainListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<Domain> domains;
        try (MailStore store = context.openStore()) {
            domains = store.directory().domains();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, domains.stream()
                    .map(d -> new JsonOutput.DomainEntry(d.name(), d.mailboxCount()))
                    .collect(Collectors.toList()));
        } else {
            TextTable table = new TextTable(new TextTable.Column("DOMAIN", false), new TextTable.Column("MAILBOXES", true));
            domains.forEach(d -> table.row(d.name(), String.valueOf(d.mailboxCount())));
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
