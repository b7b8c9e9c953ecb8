package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox domain suspend DOMAIN} */
@Command(name = "suspend", mixinStandardHelpOptions = true,
        description = "Suspends a domain: none of its mailboxes may log in or take mail; their mail is kept.")
final class DomainSuspendCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The domain name.")
    private String domain;

    DomainSuspendCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String target = Arguments.domain(domain);
        try (MailStore store = context.openStore()) {
            context.admin(store).domains().setSuspended(context.actor(), target, true);
        }
        spec.commandLine().getOut().println("domain " + target + " suspended: no logins, no deliveries for its mailboxes; their mail is kept");
        return ExitCodes.OK;
    }
}
