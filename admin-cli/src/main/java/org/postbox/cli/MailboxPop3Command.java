package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.admin.Change;
import org.postbox.admin.Outcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox pop3 ADDRESS on|off} */
@Command(name = "pop3", mixinStandardHelpOptions = true,
        description = {"Allows (on) or refuses (off) a mailbox's POP3 logins, apart from suspension: mail keeps "
                + "arriving, and logins get -ERR [AUTH]. For providers who sell POP3 as an option.",
            "A mailbox whose domain has POP3 off stays off while the domain does."})
final class MailboxPop3Command implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Parameters(index = "1", paramLabel = "on|off", description = "on: POP3 logins allowed; off: refused.")
    private String setting;

    MailboxPop3Command(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        boolean enabled = Arguments.onOff(setting);
        Change change;
        try (MailStore store = context.openStore()) {
            change = context.admin(store).mailboxes().setPop3(context.actor(), mailbox, enabled);
        }
        spec.commandLine().getOut().println("POP3 for " + mailbox + (enabled ? " on" : " off")
                + (change.outcome() == Outcome.UNCHANGED ? " (it was already)" : ""));
        return ExitCodes.OK;
    }
}
