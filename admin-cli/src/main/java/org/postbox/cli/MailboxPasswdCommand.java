package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.admin.AdminService;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox passwd ADDRESS [--password-stdin] [--scheme SCHEME]} */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Sets a new password for a mailbox.",
            "The password is typed twice on the terminal, or read as one line from standard input with "
                    + "--password-stdin. It is stored as an ARGON2ID hash unless --scheme says otherwise; app "
                    + "passwords stay as they are."})
final class MailboxPasswdCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Mixin
    private NewPasswordOptions password;

    MailboxPasswdCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        try (MailStore store = context.openStore()) {
            AdminService admin = context.admin(store);
            admin.mailboxes().get(mailbox);
            admin.mailboxes().setPassword(context.actor(), mailbox, password.read(context, mailbox));
        }
        spec.commandLine().getOut().println("password of " + mailbox + " changed");
        return ExitCodes.OK;
    }
}
