package org.postbox.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox undelete ADDRESS [--since DATE] [--json]} */
@Command(name = "undelete", mixinStandardHelpOptions = true,
        description = {"Restores the messages a POP3 session deleted while the mailbox's domain held deleted mail "
                + "('domain retention --hold'): as they were, with their old UIDLs, in their places.",
            "Refused while a POP3 session holds the mailbox. See docs/retention.md."})
final class MailboxUndeleteCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only messages deleted at or after DATE: 2026-12-01 (from midnight UTC) or 2026-12-01T08:30:00Z.")
    private String since;

    @Option(names = "--json", description = "Print {\"address\",\"restored\"}.")
    private boolean json;

    MailboxUndeleteCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        Optional<Instant> from = Optional.ofNullable(since).map(MailboxUndeleteCommand::instant);
        int restored;
        try (MailStore store = context.openStore()) {
            restored = context.admin(store).retention().undelete(context.actor(), mailbox, from);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, Map.of("address", mailbox.toString(), "restored", restored));
        } else {
            out.println("restored " + restored + " message(s) of " + mailbox);
        }
        return ExitCodes.OK;
    }

    private static Instant instant(String text) {
        try {
            return text.contains("T") ? Instant.parse(text.strip())
                    : LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--since takes a date such as 2026-12-01 or 2026-12-01T08:30:00Z, not '"
                    + text + "'");
        }
    }
}
