package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox rename OLD NEW} */
@Command(name = "rename", mixinStandardHelpOptions = true,
        description = {"Gives a mailbox a new address, in its domain or another existing one.",
            "It keeps its mail, UIDLs (clients download nothing twice), quota and usage, password, app passwords and "
                    + "settings; aliases that pointed at the old address point at the new one. The old address no "
                    + "longer exists afterwards. Refused while a POP3 session holds the mailbox."})
final class MailboxRenameCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The mailbox's address now, local@domain.")
    private String from;

    @Parameters(index = "1", paramLabel = "NEW", description = "Its new address, local@domain.")
    private String to;

    MailboxRenameCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress old = Arguments.address(from);
        MailboxAddress renamed = Arguments.address(to);
        try (MailStore store = context.openStore()) {
            context.admin(store).mailboxes().rename(context.actor(), old, renamed);
        }
        spec.commandLine().getOut().println("mailbox " + old + " renamed to " + renamed);
        return ExitCodes.OK;
    }
}
