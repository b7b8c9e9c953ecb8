package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.NoSuchDomainException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox list [DOMAIN] [--json]} */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists mailboxes with their number of messages and the octets they occupy.")
final class MailboxListCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", arity = "0..1", description = "Only the mailboxes of this domain.")
    private String domain;

    @Option(names = "--json",
            description = "Print a JSON array of {\"address\":...,\"messages\":...,\"octets\":...} objects.")
    private boolean json;

    MailboxListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<String> only = Optional.ofNullable(domain).map(Arguments::domain);
        List<Mailbox> mailboxes;
        try (MailStore store = context.openStore()) {
            Directory directory = store.directory();
            // The directory lists nothing for an unknown domain; a typo deserves an error instead.
            if (only.isPresent() && directory.domains().stream().noneMatch(d -> d.name().equals(only.get()))) {
                throw new NoSuchDomainException("no domain " + only.get());
            }
            mailboxes = directory.mailboxes(only);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, mailboxes.stream()
                    .map(m -> new JsonOutput.MailboxEntry(m.address().toString(), m.messageCount(), m.storedOctets()))
                    .collect(Collectors.toList()));
        } else {
            TextTable table = new TextTable(new TextTable.Column("ADDRESS", false),
                    new TextTable.Column("MESSAGES", true), new TextTable.Column("SIZE", true));
            mailboxes.forEach(m -> table.row(m.address().toString(), String.valueOf(m.messageCount()),
                    TextTable.octets(m.storedOctets())));
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
