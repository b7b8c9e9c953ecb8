package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.admin.Change;
import org.postbox.admin.Outcome;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox domain pop3 DOMAIN on|off} */
@Command(name = "pop3", mixinStandardHelpOptions = true,
        description = {"Allows (on) or refuses (off) the POP3 logins of every mailbox of a domain, present and future; "
                + "mail keeps arriving.",
            "A mailbox turned off by itself stays off when its domain is turned on."})
final class DomainPop3Command implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain name.")
    private String domain;

    @Parameters(index = "1", paramLabel = "on|off", description = "on: POP3 logins allowed; off: refused.")
    private String setting;

    DomainPop3Command(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String name = Arguments.domain(domain);
        boolean enabled = Arguments.onOff(setting);
        Change change;
        try (MailStore store = context.openStore()) {
            change = context.admin(store).domains().setPop3(context.actor(), name, enabled);
        }
        spec.commandLine().getOut().println("POP3 for domain " + name + (enabled ? " on" : " off")
                + (change.outcome() == Outcome.UNCHANGED ? " (it was already)" : ""));
        return ExitCodes.OK;
    }
}
