package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox resume ADDRESS} */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resumes a suspended mailbox. It stays suspended while its domain is.")
final class MailboxResumeCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    MailboxResumeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress target = Arguments.address(address);
        try (MailStore store = context.openStore()) {
            context.admin(store).mailboxes().setSuspended(context.actor(), target, false);
        }
        spec.commandLine().getOut().println("mailbox " + target + " resumed");
        return ExitCodes.OK;
    }
}
