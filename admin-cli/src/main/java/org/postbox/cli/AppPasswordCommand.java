package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.AppPassword;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox app-password ...}: the group of app password commands. */
@Command(name = "app-password", mixinStandardHelpOptions = true,
        description = {"Adds, lists and revokes the app passwords of a mailbox.",
            "An app password is a named extra password for one client that can only send a password (USER/PASS, "
                    + "AUTH PLAIN, AUTH LOGIN). Postbox makes it up, shows it once and keeps only its hash; revoking "
                    + "one locks out that client alone, at its next login. SCRAM-SHA-256, CRAM-MD5 and APOP use the "
                    + "mailbox's own password only. A mailbox has at most " + AppPassword.MAX_PER_MAILBOX
                    + " app passwords."})
final class AppPasswordCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use add, list or revoke");
    }
}
