package org.postbox.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.admin.AdminService;
import org.postbox.admin.Change;
import org.postbox.admin.Outcome;
import org.postbox.admin.view.RetentionView;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox expire ADDRESS [DAYS|never|inherit] [--json]} */
@Command(name = "expire", mixinStandardHelpOptions = true,
        description = {"Shows or sets how many days a mailbox keeps mail after its first retrieval (RFC 2449 EXPIRE): "
                + "its own setting, or inherit its domain's ('domain retention').",
            "Without a value, shows what applies. See docs/retention.md."})
final class MailboxExpireCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DAYS|never|inherit",
            description = "Days retrieved mail is kept, never, or inherit (the domain's).")
    private String value;

    @Option(names = "--json", description = "Print {\"target\",\"expire\",\"ownExpire\",\"holdDays\","
            + "\"heldCountsTowardQuota\"}; ownExpire is \"inherit\" without a setting of the mailbox's own.")
    private boolean json;

    MailboxExpireCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        Optional<Optional<Expire>> setting = Optional.ofNullable(value).map(text ->
                text.strip().toLowerCase(Locale.ROOT).equals("inherit") ? Optional.empty() : Optional.of(Arguments.expire(text)));
        Change change = null;
        RetentionView view;
        try (MailStore store = context.openStore()) {
            AdminService admin = context.admin(store);
            if (setting.isPresent()) {
                change = admin.retention().setMailboxExpire(context.actor(), mailbox, setting.get());
            }
            view = admin.retention().mailbox(mailbox);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, view);
        } else {
            if (change != null) {
                out.println("expire of " + mailbox + (change.outcome() == Outcome.UNCHANGED ? " unchanged"
                        : " changed: " + String.join("; ", change.changes())));
            }
            out.println(mailbox + ": expire " + view.expire()
                    + (view.ownExpire().equals("inherit") ? " (its domain's)" : " (its own)"));
        }
        return ExitCodes.OK;
    }
}
