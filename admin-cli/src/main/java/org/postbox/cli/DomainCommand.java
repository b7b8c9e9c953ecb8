package org.postbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox domain ...}: the group of domain commands. */
@Command(name = "domain", mixinStandardHelpOptions = true,
        description = "Adds, lists, suspends, resumes and removes domains (tenants), turns their POP3 on or off and "
                + "sets their login delay and retention.")
final class DomainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command: use add, list, remove, suspend, resume, pop3, login-delay or retention");
    }
}
