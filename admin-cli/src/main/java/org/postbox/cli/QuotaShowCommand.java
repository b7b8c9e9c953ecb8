package org.postbox.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxQuotaReport;
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
            Directory directory = store.directory();
            if (only.isEmpty()) {
                List<DomainQuotaReport> domains = new ArrayList<>();
                directory.domains().forEach(d -> domains.add(directory.domainQuota(d.name())));
                printDomains(out, domains);
            } else if (only.get().isMailbox()) {
                printMailboxes(out, List.of(directory.mailboxQuota(only.get().mailbox().get())), false);
            } else {
                String domain = only.get().domain();
                List<MailboxQuotaReport> mailboxes = new ArrayList<>();
                for (Mailbox mailbox : directory.mailboxes(Optional.of(domain))) {
                    mailboxes.add(directory.mailboxQuota(mailbox.address()));
                }
                // Last, so that it includes what reading its mailboxes brought up to date.
                DomainQuotaReport report = directory.domainQuota(domain);
                if (json) {
                    JsonOutput.print(out, new JsonOutput.DomainQuotaDetail(JsonOutput.DomainQuotaEntry.of(report),
                            mailboxes.stream().map(JsonOutput.MailboxQuotaEntry::of).toList()));
                } else {
                    printDomains(out, List.of(report));
                    out.println();
                    printMailboxes(out, mailboxes, true);
                }
            }
        }
        return ExitCodes.OK;
    }

    private void printDomains(PrintWriter out, List<DomainQuotaReport> domains) {
        if (json) {
            JsonOutput.print(out, domains.stream().map(JsonOutput.DomainQuotaEntry::of).toList());
            return;
        }
        TextTable table = new TextTable(new TextTable.Column("DOMAIN", false), new TextTable.Column("MAILBOXES", true),
                new TextTable.Column("MAX-MAILBOXES", true), new TextTable.Column("MESSAGES", true),
                new TextTable.Column("STORAGE", true), new TextTable.Column("MAX-STORAGE", true));
        for (DomainQuotaReport d : domains) {
            table.row(d.domain(), String.valueOf(d.mailboxes()), count(d.limit().mailboxes()),
                    String.valueOf(d.usage().messages()), TextTable.octets(d.usage().storedOctets()),
                    OctetSize.format(d.limit().storageOctets()));
        }
        table.print(out);
    }

    private void printMailboxes(PrintWriter out, List<MailboxQuotaReport> mailboxes, boolean partOfDomain) {
        if (json && !partOfDomain) {
            JsonOutput.print(out, JsonOutput.MailboxQuotaEntry.of(mailboxes.get(0)));
            return;
        }
        TextTable table = new TextTable(new TextTable.Column("ADDRESS", false), new TextTable.Column("MESSAGES", true),
                new TextTable.Column("MAX-MESSAGES", true), new TextTable.Column("STORAGE", true),
                new TextTable.Column("MAX-STORAGE", true));
        for (MailboxQuotaReport m : mailboxes) {
            table.row(m.address().toString(), String.valueOf(m.usage().messages()), count(m.limit().messages()),
                    TextTable.octets(m.usage().storedOctets()), OctetSize.format(m.limit().storageOctets()));
        }
        table.print(out);
    }

    private static String count(long limit) {
        return limit == 0 ? "unlimited" : String.valueOf(limit);
    }
}
