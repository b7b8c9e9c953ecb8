package org.postbox.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.postbox.admin.view.NewAppPasswordView;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox app-password add ADDRESS NAME [--json]} */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Makes up a new app password for one client of a mailbox and prints it, once.",
            "The password is 20 random characters in groups of four (about 100 bits), for example "
                    + "7kx2-mpq9-vc3d-hh8t-ra4e; the hyphens are part of it. Only a salted SHA-512 hash is stored "
                    + "({SSHA512}): a slow hash adds nothing to a secret that cannot be guessed."})
final class AppPasswordAddCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Parameters(index = "1", paramLabel = "NAME",
            description = "What the client is, e.g. thunderbird or phone: 1 to 64 letters, digits, '.', '_' or '-'; "
                    + "case-sensitive, unique per mailbox.")
    private String name;

    @Option(names = "--json", description = "Print {\"address\":...,\"name\":...,\"password\":...,\"created\":...}.")
    private boolean json;

    AppPasswordAddCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        String appName = Arguments.appPasswordName(name);
        NewAppPasswordView added;
        try (MailStore store = context.openStore()) {
            added = context.admin(store).appPasswords().add(context.actor(), mailbox, appName);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, added);
        } else {
            out.println("app password '" + added.name() + "' of " + mailbox + ": " + added.password());
            out.println("Copy it now: only its hash is kept, it cannot be shown again. Revoke it with: "
                    + "postbox mailbox app-password revoke " + mailbox + " " + added.name());
            out.flush();
        }
        return ExitCodes.OK;
    }
}
