package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox domain remove DOMAIN} */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Removes an empty domain. Remove its mailboxes first: mail is never removed implicitly.")
final class DomainRemoveCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The domain name.")
    private String domain;

    DomainRemoveCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String name = Arguments.domain(domain);
        try (MailStore store = context.openStore()) {
            context.admin(store).domains().remove(context.actor(), name);
        }
        spec.commandLine().getOut().println("domain " + name + " removed");
        return ExitCodes.OK;
    }
}
