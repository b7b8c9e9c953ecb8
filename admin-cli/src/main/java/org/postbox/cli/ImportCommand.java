package org.postbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox import ...}: the group of import commands. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Takes over a Dovecot or Courier installation with its POP3 UIDLs.",
            "Accounts and mail are imported with every POP3 UIDL and the old server's message order kept, so that "
                    + "clients that leave mail on the server fetch nothing twice.",
            "Safe to run on production data: the source is read, never changed (unless --move); --dry-run shows "
                    + "what would happen; running the same command again after an interruption finishes the work "
                    + "without storing anything twice."})
final class ImportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use dovecot or courier");
    }
}
