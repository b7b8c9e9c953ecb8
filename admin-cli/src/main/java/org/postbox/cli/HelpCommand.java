package org.postbox.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postbox help [COMMAND...]}. Unlike picocli's own help command it follows nested names,
 * so {@code postbox help mailbox add} shows the help of {@code mailbox add}.
 */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
        description = "Prints the help of postbox or of a command, e.g. \"help mailbox add\".")
final class HelpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. mailbox add.")
    private List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine target = spec.parent().commandLine();
        for (String name : names) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new ParameterException(spec.commandLine(), "unknown command '" + name + "'; "
                        + target.getCommandSpec().qualifiedName() + " has: "
                        + String.join(", ", target.getSubcommands().keySet()));
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
