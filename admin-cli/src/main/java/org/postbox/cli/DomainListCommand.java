package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.admin.view.DomainView;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postbox domain list [--json]} */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the domains with their number of mailboxes and aliases, and whether they are suspended "
                + "or have POP3 turned off.")
final class DomainListCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of {\"domain\",\"mailboxes\",\"aliases\",\"suspended\","
            + "\"pop3\"} objects.")
    private boolean json;

    DomainListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<DomainView> domains;
        try (MailStore store = context.openStore()) {
            domains = context.admin(store).domains().list();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, domains);
        } else {
            TextTable table = new TextTable(new TextTable.Column("DOMAIN", false), new TextTable.Column("MAILBOXES", true),
                    new TextTable.Column("ALIASES", true), new TextTable.Column("STATE", false));
            for (DomainView d : domains) {
                table.row(d.domain(), String.valueOf(d.mailboxes()), String.valueOf(d.aliases()), state(d));
            }
            table.print(out);
        }
        return ExitCodes.OK;
    }

    /** {@code active}, {@code suspended} or {@code pop3-off}, as {@code mailbox list --state} names them. */
    static String state(DomainView domain) {
        if (domain.suspended()) {
            return "suspended";
        }
        return domain.pop3() ? "active" : "pop3-off";
    }
}
