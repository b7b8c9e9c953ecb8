package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox app-password revoke ADDRESS NAME} */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revokes one app password of a mailbox.",
            "The next login with it fails, also at a running daemon that remembers it verified; sessions already "
                    + "logged in with it run to their end. The mailbox's own password and other app passwords stay."})
final class AppPasswordRevokeCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Parameters(index = "1", paramLabel = "NAME", description = "The app password's name, as listed.")
    private String name;

    AppPasswordRevokeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        String appName = Arguments.appPasswordName(name);
        try (MailStore store = context.openStore()) {
            context.admin(store).appPasswords().revoke(context.actor(), mailbox, appName);
        }
        spec.commandLine().getOut().println("app password '" + appName + "' of " + mailbox + " revoked");
        return ExitCodes.OK;
    }
}
