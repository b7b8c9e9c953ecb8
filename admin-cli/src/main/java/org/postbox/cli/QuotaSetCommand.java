package org.postbox.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.admin.DomainQuotaChange;
import org.postbox.admin.MailboxQuotaChange;
import org.postbox.admin.Quotas;
import org.postbox.admin.view.DomainQuotaView;
import org.postbox.admin.view.MailboxQuotaView;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox quota set ADDRESS|DOMAIN [--storage SIZE] [--messages N] [--mailboxes N]} */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Sets the limits of a mailbox (--storage, --messages) or of a domain (--storage for all of its "
                + "mailboxes together, --mailboxes). Limits not given keep their value; 0 removes a limit.",
            "A limit below the current usage is allowed: no mail is taken until enough is deleted."})
final class QuotaSetCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS|DOMAIN", description = "A mailbox (local@domain) or a domain.")
    private String target;

    @Option(names = "--storage", paramLabel = "SIZE", converter = OctetSize.class,
            description = "Octets the messages may occupy, with an optional binary unit K, M, G or T "
                    + "(1K = 1024), e.g. 500M or 2G; 0 for unlimited.")
    private Long storage;

    @Option(names = "--messages", paramLabel = "N", description = "Messages a mailbox may hold; 0 for unlimited.")
    private Long messages;

    @Option(names = "--mailboxes", paramLabel = "N", description = "Mailboxes a domain may have; 0 for unlimited.")
    private Integer mailboxes;

    QuotaSetCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        QuotaTarget what = QuotaTarget.of(target);
        if (storage == null && messages == null && mailboxes == null) {
            throw new CommandFailure(ExitCodes.USAGE, "nothing to set: give --storage, "
                    + (what.isMailbox() ? "--messages" : "--mailboxes") + " or both");
        }
        if (what.isMailbox() && mailboxes != null) {
            throw new CommandFailure(ExitCodes.USAGE, "--mailboxes limits a domain; a mailbox takes --storage and --messages");
        }
        if (!what.isMailbox() && messages != null) {
            throw new CommandFailure(ExitCodes.USAGE,
                    "--messages limits a mailbox; a domain takes --storage (for all its mailboxes) and --mailboxes");
        }
        if ((messages != null && messages < 0) || (mailboxes != null && mailboxes < 0)) {
            throw new CommandFailure(ExitCodes.USAGE, "limits are counts from 0 (unlimited) up");
        }
        String result;
        try (MailStore store = context.openStore()) {
            Quotas quotas = context.admin(store).quotas();
            if (what.isMailbox()) {
                MailboxAddress address = what.mailbox().get();
                MailboxQuotaView quota = quotas.setMailbox(context.actor(), address,
                        new MailboxQuotaChange(Optional.ofNullable(storage), Optional.ofNullable(messages)));
                result = "quota of " + address + ": storage " + OctetSize.format(quota.maxOctets())
                        + ", messages " + count(quota.maxMessages());
            } else {
                String domain = what.domain();
                DomainQuotaView quota = quotas.setDomain(context.actor(), domain,
                        new DomainQuotaChange(Optional.ofNullable(storage), Optional.ofNullable(mailboxes)));
                result = "quota of domain " + domain + ": storage " + OctetSize.format(quota.maxOctets())
                        + ", mailboxes " + count(quota.maxMailboxes());
            }
        }
        spec.commandLine().getOut().println(result);
        return ExitCodes.OK;
    }

    private static String count(long limit) {
        return limit == 0 ? "unlimited" : String.valueOf(limit);
    }
}
