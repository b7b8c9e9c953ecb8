package org.postbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox alias ...}: the group of alias commands. */
@Command(name = "alias", mixinStandardHelpOptions = true,
        description = {"Adds, replaces, lists and removes aliases: addresses whose mail goes to one or more mailboxes "
                + "of the installation, and each domain's catch-all (@example.com), which takes the mail for every "
                + "address of the domain that is neither a mailbox nor an alias.",
            "Targets must be existing mailboxes, never aliases, so no delivery can loop."})
final class AliasCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use add, set, list or remove");
    }
}
