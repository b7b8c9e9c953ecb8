package org.postbox.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.admin.Change;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code postbox alias set ALIAS TARGET...} */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Makes an alias or a domain's catch-all deliver to exactly the mailboxes given: adds it, or "
                + "replaces its targets. Running it again changes nothing.")
final class AliasSetCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AliasTargets arguments;

    AliasSetCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AliasName name = Arguments.alias(arguments.alias);
        List<MailboxAddress> targets = arguments.addresses();
        Change change;
        try (MailStore store = context.openStore()) {
            change = context.admin(store).aliases().put(context.actor(), name, targets);
        }
        String done = switch (change.outcome()) {
            case CREATED -> " added: ";
            case CHANGED -> " set: ";
            case UNCHANGED -> " unchanged: ";
        };
        spec.commandLine().getOut().println(AliasDescription.of(name) + done + AliasDescription.targets(targets));
        return ExitCodes.OK;
    }
}
