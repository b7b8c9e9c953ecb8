package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.admin.AdminService;
import org.postbox.admin.MailboxQuotaChange;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox add ADDRESS [--password-stdin] [--scheme SCHEME]} */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Adds a mailbox to an existing domain, with a password.",
            "The password is typed twice on the terminal, or read as one line from standard input with "
                    + "--password-stdin. It is stored as an ARGON2ID hash unless --scheme says otherwise."})
final class MailboxAddCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain; also the POP3 login name.")
    private String address;

    @Mixin
    private NewPasswordOptions password;

    MailboxAddCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        try (MailStore store = context.openStore()) {
            AdminService admin = context.admin(store);
            // Checked before asking for a password, so that nobody types one in vain.
            admin.mailboxes().checkAddable(mailbox);
            admin.mailboxes().add(context.actor(), mailbox, password.read(context, mailbox), MailboxQuotaChange.NONE);
        }
        spec.commandLine().getOut().println("mailbox " + mailbox + " added");
        return ExitCodes.OK;
    }
}
