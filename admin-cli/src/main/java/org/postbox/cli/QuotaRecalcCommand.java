package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox quota recalc [DOMAIN]} */
@Command(name = "recalc", mixinStandardHelpOptions = true,
        description = {"Counts the stored messages of every mailbox (of one domain, or of all) and corrects the "
                + "recorded usage of the mailboxes and their domains, printing each difference it fixed.",
            "Needed only after other programs changed the mail (or a crash); delivery and POP3 go on meanwhile."})
final class QuotaRecalcCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", arity = "0..1", description = "Only this domain.")
    private String domain;

    QuotaRecalcCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<String> only = Optional.ofNullable(domain).map(Arguments::domain);
        List<QuotaDrift> drifts;
        try (MailStore store = context.openStore()) {
            drifts = context.admin(store).quotas().recalculate(context.actor(), only);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (QuotaDrift drift : drifts) {
            String subject = drift.mailbox().map(Object::toString).orElse("domain " + drift.domain());
            out.println(subject + ": recorded " + describe(drift.recorded()) + ", stored " + describe(drift.actual()));
        }
        out.println(drifts.isEmpty() ? "usage matched the stored messages; nothing to fix"
                : "fixed " + drifts.size() + " difference(s)");
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(QuotaUsage usage) {
        return usage.messages() + " message(s), " + TextTable.octets(usage.storedOctets());
    }
}
