package org.postbox.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code postbox alias add ALIAS TARGET...} */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Adds an alias or a domain's catch-all delivering to the mailboxes given. Refused if it exists "
                + "(use 'alias set' to replace its targets) or a mailbox has its address.")
final class AliasAddCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AliasTargets arguments;

    AliasAddCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AliasName name = Arguments.alias(arguments.alias);
        List<MailboxAddress> targets = arguments.addresses();
        try (MailStore store = context.openStore()) {
            context.admin(store).aliases().add(context.actor(), name, targets);
        }
        spec.commandLine().getOut().println(AliasDescription.of(name) + " added: " + AliasDescription.targets(targets));
        return ExitCodes.OK;
    }
}
