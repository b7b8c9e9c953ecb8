package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox domain login-delay DOMAIN SECONDS} */
@Command(name = "login-delay", mixinStandardHelpOptions = true,
        description = {"Sets the least time between two POP3 logins of each mailbox of a domain (RFC 2449 LOGIN-DELAY): "
                + "advertised in CAPA, and a login sooner than that after the mailbox's previous one is refused with "
                + "-ERR [LOGIN-DELAY]. 0 for none (the default).",
            "A mailbox with a delay of its own (postbox mailbox login-delay) keeps it."})
final class DomainLoginDelayCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain name.")
    private String domain;

    @Parameters(index = "1", paramLabel = "SECONDS", description = "0 to 86400 seconds; 0 for none.")
    private long seconds;

    DomainLoginDelayCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String name = Arguments.domain(domain);
        Arguments.loginDelaySeconds(seconds);
        try (MailStore store = context.openStore()) {
            context.admin(store).loginDelays().setDomain(context.actor(), name, seconds);
        }
        spec.commandLine().getOut().println("login delay of domain " + name + ": "
                + (seconds == 0 ? "none" : seconds + " s"));
        return ExitCodes.OK;
    }
}
