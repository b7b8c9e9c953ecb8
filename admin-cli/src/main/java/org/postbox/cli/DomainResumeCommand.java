package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox domain resume DOMAIN} */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resumes a suspended domain. Mailboxes suspended on their own stay suspended.")
final class DomainResumeCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The domain name.")
    private String domain;

    DomainResumeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String target = Arguments.domain(domain);
        try (MailStore store = context.openStore()) {
            context.admin(store).domains().setSuspended(context.actor(), target, false);
        }
        spec.commandLine().getOut().println("domain " + target + " resumed");
        return ExitCodes.OK;
    }
}
