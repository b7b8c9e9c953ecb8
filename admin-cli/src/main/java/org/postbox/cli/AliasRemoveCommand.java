package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox alias remove ALIAS} */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Removes an alias or a domain's catch-all; mail to it is refused from then on. Its target "
                + "mailboxes and their mail stay.")
final class AliasRemoveCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ALIAS", description = "The alias, local@domain, or @domain for the catch-all.")
    private String alias;

    AliasRemoveCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AliasName name = Arguments.alias(alias);
        try (MailStore store = context.openStore()) {
            context.admin(store).aliases().remove(context.actor(), name);
        }
        spec.commandLine().getOut().println(AliasDescription.of(name) + " removed");
        return ExitCodes.OK;
    }
}
