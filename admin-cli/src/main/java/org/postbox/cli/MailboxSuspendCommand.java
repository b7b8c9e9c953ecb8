package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox suspend ADDRESS} */
@Command(name = "suspend", mixinStandardHelpOptions = true,
        description = "Suspends a mailbox: it may not log in and takes no mail (LMTP 550 5.2.1); its mail is kept.")
final class MailboxSuspendCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    MailboxSuspendCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress target = Arguments.address(address);
        try (MailStore store = context.openStore()) {
            context.admin(store).mailboxes().setSuspended(context.actor(), target, true);
        }
        spec.commandLine().getOut().println("mailbox " + target + " suspended: no logins, no deliveries; its mail is kept");
        return ExitCodes.OK;
    }
}
