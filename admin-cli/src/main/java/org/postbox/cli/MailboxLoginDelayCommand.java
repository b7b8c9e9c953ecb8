package org.postbox.cli;

import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.postbox.admin.view.LoginDelayView;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox login-delay ADDRESS [SECONDS|inherit] [--json]} */
@Command(name = "login-delay", mixinStandardHelpOptions = true,
        description = {"Sets a mailbox's own least time between two POP3 logins (RFC 2449 LOGIN-DELAY), over its "
                + "domain's: SECONDS (0 for none, whatever the domain says), or inherit to take the domain's again. "
                + "Without a value, shows it."})
final class MailboxLoginDelayCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SECONDS|inherit",
            description = "0 to 86400 seconds, or inherit (the domain's).")
    private String setting;

    @Option(names = "--json", description = "Print {\"address\":...,\"own\":...,\"domain\":...,\"effective\":...} (seconds).")
    private boolean json;

    MailboxLoginDelayCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        LoginDelayView view;
        try (MailStore store = context.openStore()) {
            var policies = context.admin(store).loginDelays();
            view = setting == null ? policies.show(mailbox) : policies.setMailbox(context.actor(), mailbox, seconds(setting));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, view);
        } else {
            out.println("login delay of " + view.address() + ": "
                    + (view.effective() == 0 ? "none" : view.effective() + " s")
                    + (view.own() == null ? " (its domain's)" : " (its own; its domain's: " + view.domain() + " s)"));
        }
        return ExitCodes.OK;
    }

    private static OptionalLong seconds(String text) {
        if (text.equalsIgnoreCase("inherit")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Arguments.loginDelaySeconds(Long.parseLong(text)));
        } catch (NumberFormatException e) {
            throw new CommandFailure(ExitCodes.USAGE, "expected seconds (0 to 86400) or inherit, not '" + text + "'");
        }
    }
}
