package org.postbox.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.postbox.admin.AdminService;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox remove ADDRESS [--yes]} */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Removes a mailbox and deletes all of its mail.",
            "Asks for confirmation on the terminal unless --yes is given; without a terminal --yes is required."})
final class MailboxRemoveCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Option(names = {"-y", "--yes"}, description = "Do not ask; remove the mailbox and its mail.")
    private boolean yes;

    MailboxRemoveCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        try (MailStore store = context.openStore()) {
            AdminService admin = context.admin(store);
            admin.mailboxes().get(mailbox);
            if (!yes) {
                confirm(mailbox);
            }
            admin.mailboxes().remove(context.actor(), mailbox);
        }
        spec.commandLine().getOut().println("mailbox " + mailbox + " removed with all its mail");
        return ExitCodes.OK;
    }

    private void confirm(MailboxAddress mailbox) {
        Terminal terminal = context.terminal().orElseThrow(() -> new CommandFailure(ExitCodes.USAGE,
                "refusing to remove " + mailbox + " and all its mail without --yes (no terminal to ask on)"));
        String answer = terminal.readLine("Remove " + mailbox + " and all its mail? [y/N] ").orElse("")
                .strip().toLowerCase(Locale.ROOT);
        if (!answer.equals("y") && !answer.equals("yes")) {
            throw new CommandFailure(ExitCodes.DECLINED, mailbox + " was not removed");
        }
    }
}
