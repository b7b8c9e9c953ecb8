package org.postbox.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.postbox.admin.view.LegacyDomainView;
import org.postbox.admin.view.LegacyMailboxView;
import org.postbox.admin.view.LegacyReportView;
import org.postbox.admin.view.LegacyUseView;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postbox report legacy [--json]} */
@Command(name = "legacy", mixinStandardHelpOptions = true,
        description = "Lists, by domain, the mailboxes that logged in within the kept history (history.keep) over a "
                + "connection without TLS (no-tls), by APOP (apop) or by CRAM-MD5 (cram-md5), with how many such "
                + "logins and the last one of each kind: who to move before retiring port 110 (RFC 8314).")
final class ReportLegacyCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the report as one JSON object: {\"since\":...,\"domains\":[...]}.")
    private boolean json;

    ReportLegacyCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PostboxConfig config = context.config();
        LegacyReportView report;
        try (MailStore store = config.store().open()) {
            report = context.admin(store).histories().legacyReport(config.history());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, report);
            return ExitCodes.OK;
        }
        out.println("Legacy POP3 logins since " + report.since() + ":");
        if (report.domains().isEmpty()) {
            out.println("none");
            out.flush();
            return ExitCodes.OK;
        }
        TextTable table = new TextTable(new TextTable.Column("DOMAIN", false), new TextTable.Column("MAILBOX", false),
                new TextTable.Column("KIND", false), new TextTable.Column("MAILBOXES", true),
                new TextTable.Column("LOGINS", true), new TextTable.Column("LAST", false));
        for (LegacyDomainView domain : report.domains()) {
            for (LegacyUseView use : domain.uses()) {
                table.row(domain.domain(), "(all)", use.kind(), String.valueOf(use.mailboxes()),
                        String.valueOf(use.logins()), use.last());
            }
            for (LegacyMailboxView mailbox : domain.mailboxes()) {
                for (LegacyUseView use : mailbox.uses()) {
                    table.row(domain.domain(), mailbox.address(), use.kind(), "", String.valueOf(use.logins()),
                            use.last());
                }
            }
        }
        table.print(out);
        return ExitCodes.OK;
    }
}
