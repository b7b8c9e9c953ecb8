package org.postbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox ...}: the group of mailbox commands. */
@Command(name = "mailbox", mixinStandardHelpOptions = true,
        description = "Adds, lists, suspends, resumes, renames and removes mailboxes, turns their POP3 on or off and "
                + "sets their passwords, app passwords, login delay and retention, restores held mail and prints their history.")
final class MailboxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use add, list, passwd, remove, suspend, resume, rename, pop3, "
                + "app-password, history, login-delay, expire or undelete");
    }
}
