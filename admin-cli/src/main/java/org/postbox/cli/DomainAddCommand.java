package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox domain add DOMAIN} */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Adds a domain (tenant). Mailboxes can then be added to it.")
final class DomainAddCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The domain name, e.g. example.com.")
    private String domain;

    DomainAddCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String name = Arguments.domain(domain);
        try (MailStore store = context.openStore()) {
            context.admin(store).domains().add(context.actor(), name);
        }
        spec.commandLine().getOut().println("domain " + name + " added");
        return ExitCodes.OK;
    }
}
