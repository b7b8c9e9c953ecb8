package org.postbox.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.postbox.cli.transfer.Finding;
import org.postbox.cli.transfer.MailboxSummary;
import org.postbox.cli.transfer.Progress;
import org.postbox.cli.transfer.RunReport;
import org.postbox.cli.transfer.TransferEvents;

/**
 * The {@code --json} output of import and migrate: JSON lines, one object per domain, mailbox and
 * finding and a last {@code summary}, each with a {@code type}, so that a script can read them as
 * they come. Progress is not written: the mailbox lines are the progress.
 */
final class JsonTransferOutput implements TransferEvents {
    private final PrintWriter out;

    JsonTransferOutput(PrintWriter out) {
        this.out = out;
    }

    /** {@code {"type":"domain","domain":"example.com","status":"created"}} */
    record DomainLine(String type, String domain, String status) {
    }

    /** One mailbox; {@code messages} and {@code octets} were stored (on a dry run: would be). */
    record MailboxLine(String type, String address, String status, long messages, long octets, long alreadyThere,
                       long failed, long newUidls) {
    }

    /** One finding; {@code kind} is not-imported, retry, refetch, password or warning. */
    record FindingLine(String type, String kind, String subject, String reason) {
    }

    /** The last line. */
    record SummaryLine(String type, boolean dryRun, int domains, int mailboxes, int existing, int failed, long messages,
                       long octets, long alreadyThere, double seconds) {
    }

    @Override
    public void domain(String domain, MailboxSummary.Status status) {
        JsonOutput.print(out, new DomainLine("domain", domain, name(status)));
    }

    @Override
    public void mailbox(MailboxSummary summary) {
        JsonOutput.print(out, new MailboxLine("mailbox", summary.address().toString(), name(summary.status()),
                summary.messages(), summary.octets(), summary.alreadyThere(), summary.failed(), summary.newUidls()));
    }

    @Override
    public void progress(Progress progress) {
        // Mailbox lines are progress enough for a script.
    }

    @Override
    public void finished(RunReport report) {
        for (Finding finding : report.findings()) {
            JsonOutput.print(out, new FindingLine("finding", name(finding.kind()), finding.subject(), finding.reason()));
        }
        JsonOutput.print(out, new SummaryLine("summary", report.dryRun(), report.domains(), report.mailboxes(),
                report.existing(), report.failed(), report.messages(), report.octets(), report.alreadyThere(),
                report.elapsed().toMillis() / 1000.0));
    }

    /** {@code NOT_IMPORTED} as {@code not-imported}. */
    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
