package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.admin.Quotas;
import org.postbox.admin.view.DomainQuotaDetailView;
import org.postbox.admin.view.DomainQuotaView;
import org.postbox.admin.view.MailboxQuotaView;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox quota show [ADDRESS|DOMAIN] [--json]} */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Shows limits and usage: of every domain; of one domain and each of its mailboxes; or of one "
                + "mailbox.",
            "Usage is as recorded: changes made by other programs (Dovecot, Courier) count once the mailbox is next "
                    + "used; 'postbox quota recalc' counts everything afresh."})
final class QuotaShowCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS|DOMAIN", arity = "0..1",
            description = "A mailbox (local@domain) or a domain; every domain when omitted.")
    private String target;

    @Option(names = "--json", description = {
        "Print JSON; limits of 0 are unlimited. A mailbox is {\"address\",\"messages\",\"octets\",\"maxMessages\","
                + "\"maxOctets\"}; a domain {\"domain\",\"mailboxes\",\"maxMailboxes\",\"messages\",\"octets\","
                + "\"maxOctets\"}.",
        "Without an argument: an array of domains; with a domain: {\"domain\":{...},\"mailboxes\":[...]}."})
    private boolean json;

    QuotaShowCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<QuotaTarget> only = Optional.ofNullable(target).map(QuotaTarget::of);
        PrintWriter out = spec.commandLine().getOut();
        try (MailStore store = context.openStore()) {
            Quotas quotas = context.admin(store).quotas();
            if (only.isEmpty()) {
                printDomains(out, quotas.domains());
            } else if (only.get().isMailbox()) {
                printMailboxes(out, List.of(quotas.mailbox(only.get().mailbox().get())), false);
            } else {
                DomainQuotaDetailView detail = quotas.domainDetail(only.get().domain());
                if (json) {
                    JsonOutput.print(out, detail);
                } else {
                    printDomains(out, List.of(detail.domain()));
                    out.println();
                    printMailboxes(out, detail.mailboxes(), true);
                }
            }
        }
        return ExitCodes.OK;
    }

    private void printDomains(PrintWriter out, List<DomainQuotaView> domains) {
        if (json) {
            JsonOutput.print(out, domains);
            return;
        }
        TextTable table = new TextTable(new TextTable.Column("DOMAIN", false), new TextTable.Column("MAILBOXES", true),
                new TextTable.Column("MAX-MAILBOXES", true), new TextTable.Column("MESSAGES", true),
                new TextTable.Column("STORAGE", true), new TextTable.Column("MAX-STORAGE", true));
        for (DomainQuotaView d : domains) {
            table.row(d.domain(), String.valueOf(d.mailboxes()), count(d.maxMailboxes()), String.valueOf(d.messages()),
                    TextTable.octets(d.octets()), OctetSize.format(d.maxOctets()));
        }
        table.print(out);
    }

    private void printMailboxes(PrintWriter out, List<MailboxQuotaView> mailboxes, boolean partOfDomain) {
        if (json && !partOfDomain) {
            JsonOutput.print(out, mailboxes.get(0));
            return;
        }
        TextTable table = new TextTable(new TextTable.Column("ADDRESS", false), new TextTable.Column("MESSAGES", true),
                new TextTable.Column("MAX-MESSAGES", true), new TextTable.Column("STORAGE", true),
                new TextTable.Column("MAX-STORAGE", true));
        for (MailboxQuotaView m : mailboxes) {
            table.row(m.address(), String.valueOf(m.messages()), count(m.maxMessages()), TextTable.octets(m.octets()),
                    OctetSize.format(m.maxOctets()));
        }
        table.print(out);
    }

    private static String count(long limit) {
        return limit == 0 ? "unlimited" : String.valueOf(limit);
    }
}
