package org.postbox.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.admin.AdminService;
import org.postbox.admin.Change;
import org.postbox.admin.Outcome;
import org.postbox.admin.view.RetentionView;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox domain retention DOMAIN [--expire DAYS|never] [--hold DAYS] [--held-counts-toward-quota true|false] [--json]} */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {"Shows or sets a domain's retention: how many days its mailboxes keep mail after its first "
                + "retrieval (RFC 2449 EXPIRE, advertised in CAPA; a mailbox may set its own with 'mailbox expire'), "
                + "and how many days messages deleted over POP3 stay held, restorable with 'mailbox undelete'.",
            "Without options, shows the settings. See docs/retention.md."})
final class DomainRetentionCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain name.")
    private String domain;

    @Option(names = "--expire", paramLabel = "DAYS|never",
            description = "Days retrieved mail is kept (0 deletes it at the next sweep), or never (the default).")
    private String expire;

    @Option(names = "--hold", paramLabel = "DAYS",
            description = "Days deleted mail stays held before it is purged; 0 (the default) deletes at once.")
    private Integer hold;

    @Option(names = "--held-counts-toward-quota", paramLabel = "true|false",
            description = "Whether held mail still counts toward the quotas (default false).")
    private String heldCounts;

    @Option(names = "--json", description = "Print {\"target\",\"expire\",\"ownExpire\",\"holdDays\","
            + "\"heldCountsTowardQuota\"}.")
    private boolean json;

    DomainRetentionCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String name = Arguments.domain(domain);
        Optional<Expire> newExpire = Optional.ofNullable(expire).map(Arguments::expire);
        if (hold != null && (hold < 0 || hold > Expire.MAX_DAYS)) {
            throw new CommandFailure(ExitCodes.USAGE, "--hold takes 0 to " + Expire.MAX_DAYS
                    + " days, not " + hold);
        }
        Optional<Boolean> counts = Optional.ofNullable(heldCounts).map(Arguments::trueFalse);
        boolean changing = newExpire.isPresent() || hold != null || counts.isPresent();
        Change change = null;
        RetentionView view;
        try (MailStore store = context.openStore()) {
            AdminService admin = context.admin(store);
            if (changing) {
                change = admin.retention().setDomain(context.actor(), name, newExpire, Optional.ofNullable(hold), counts);
            }
            view = admin.retention().domain(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, view);
        } else {
            if (change != null) {
                out.println("retention of domain " + name + (change.outcome() == Outcome.UNCHANGED ? " unchanged"
                        : " changed: " + String.join("; ", change.changes())));
            }
            out.println("domain " + name + ": expire " + view.expire() + ", hold " + view.holdDays() + " day(s), held mail "
                    + (view.heldCountsTowardQuota() ? "counts" : "does not count") + " toward quota");
        }
        return ExitCodes.OK;
    }
}
