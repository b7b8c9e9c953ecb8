package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.postbox.admin.MailboxFilter;
import org.postbox.admin.MailboxState;
import org.postbox.admin.view.MailboxView;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code postbox mailbox list [DOMAIN] [--domain DOMAIN] [--state STATE] [--min-fill F] [--json]} */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists mailboxes with their number of messages, the octets they occupy, how full they are, "
                + "their state and when each last logged in (UTC; never: no login recorded), for finding dead "
                + "accounts and full mailboxes."})
final class MailboxListCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", arity = "0..1", description = "Only the mailboxes of this domain.")
    private String domain;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only the mailboxes of this domain (the same as "
            + "the argument).")
    private String domainOption;

    @Option(names = "--state", paramLabel = "STATE", converter = StateName.class,
            description = "Only mailboxes in this state: active (may log in), suspended (by itself or its domain), "
                    + "pop3-off (POP3 logins turned off).")
    private MailboxState state;

    @Option(names = "--min-fill", paramLabel = "FRACTION",
            description = "Only mailboxes at least this full, e.g. 0.8 for 80 %% of a limit (storage or messages); "
                    + "mailboxes without limits are never full.")
    private Double minFill;

    @Option(names = "--json", description = "Print a JSON array of {\"address\",\"messages\",\"octets\",\"maxMessages\","
            + "\"maxOctets\",\"fill\",\"suspended\",\"pop3\",\"lastLogin\"} objects (lastLogin null when none).")
    private boolean json;

    MailboxListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (domain != null && domainOption != null && !Arguments.domain(domain).equals(Arguments.domain(domainOption))) {
            throw new CommandFailure(ExitCodes.USAGE, "two different domains given: " + domain + " and " + domainOption);
        }
        Optional<String> only = Optional.ofNullable(domain != null ? domain : domainOption).map(Arguments::domain);
        if (minFill != null && !(minFill >= 0)) {
            throw new CommandFailure(ExitCodes.USAGE, "--min-fill is a fraction from 0 up, e.g. 0.8");
        }
        MailboxFilter filter = new MailboxFilter(only, Optional.ofNullable(state),
                minFill == null ? OptionalDouble.empty() : OptionalDouble.of(minFill));
        List<MailboxView> mailboxes;
        try (MailStore store = context.openStore()) {
            mailboxes = context.admin(store).mailboxes().list(filter);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, mailboxes);
        } else {
            TextTable table = new TextTable(new TextTable.Column("ADDRESS", false),
                    new TextTable.Column("MESSAGES", true), new TextTable.Column("SIZE", true),
                    new TextTable.Column("FILL", true), new TextTable.Column("STATE", false),
                    new TextTable.Column("LAST LOGIN", false));
            mailboxes.forEach(m -> table.row(m.address(), String.valueOf(m.messages()), TextTable.octets(m.octets()),
                    fill(m), state(m), m.lastLogin() == null ? "never" : m.lastLogin()));
            table.print(out);
        }
        return ExitCodes.OK;
    }

    private static String fill(MailboxView mailbox) {
        if (mailbox.maxMessages() == 0 && mailbox.maxOctets() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f%%", mailbox.fill() * 100);
    }

    private static String state(MailboxView mailbox) {
        if (mailbox.suspended()) {
            return MailboxState.SUSPENDED.label();
        }
        return mailbox.pop3() ? MailboxState.ACTIVE.label() : MailboxState.POP3_OFF.label();
    }

    /** {@code active}, {@code suspended} or {@code pop3-off}; anything else is a usage error. */
    static final class StateName implements ITypeConverter<MailboxState> {
        @Override
        public MailboxState convert(String value) {
            try {
                return MailboxState.parse(value);
            } catch (org.postbox.admin.AdminException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
