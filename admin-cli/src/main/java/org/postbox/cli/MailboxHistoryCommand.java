package org.postbox.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.admin.view.HistoryEventView;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox history ADDRESS [--since DATE] [--json]} */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Prints a mailbox's history, newest first: each POP3 login (client address, TLS protocol or "
                + "none, mechanism, session) and each message its sessions deleted (UIDL, size, session). Kept as "
                + "history.keep and history.max-events say.")
final class MailboxHistoryCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only events from DATE on: a day (2026-12-01, from midnight UTC) or a time (2026-12-01T08:00:00Z).")
    private String since;

    @Option(names = "--json", description = "Print a JSON array of events, newest first.")
    private boolean json;

    MailboxHistoryCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        Optional<Instant> from = Optional.ofNullable(since).map(MailboxHistoryCommand::instant);
        PostboxConfig config = context.config();
        List<HistoryEventView> events;
        try (MailStore store = config.store().open()) {
            events = context.admin(store).histories().events(mailbox, from, config.history());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, events);
        } else {
            TextTable table = new TextTable(new TextTable.Column("TIME", false), new TextTable.Column("EVENT", false),
                    new TextTable.Column("SESSION", false), new TextTable.Column("DETAILS", false));
            for (HistoryEventView event : events) {
                String details = event.event().equals(HistoryEventView.LOGIN)
                        ? "from " + event.clientIp() + ", " + (event.tls() == null ? "no TLS" : event.tls()) + ", "
                                + event.mechanism()
                        : event.uidl() + ", " + event.size() + " octets";
                table.row(event.at(), event.event(), event.session(), details);
            }
            table.print(out);
        }
        return ExitCodes.OK;
    }

    /** A day (from its midnight, UTC) or an ISO-8601 time. */
    static Instant instant(String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandFailure(ExitCodes.USAGE, "'" + text + "' is not a date; write 2026-12-01 or 2026-12-01T08:00:00Z");
        }
    }
}
