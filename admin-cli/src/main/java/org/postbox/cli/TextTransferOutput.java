package org.postbox.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postbox.cli.transfer.Finding;
import org.postbox.cli.transfer.MailboxSummary;
import org.postbox.cli.transfer.Progress;
import org.postbox.cli.transfer.RunReport;
import org.postbox.cli.transfer.TransferEvents;

/**
 * The output of import and migrate for people: one line per domain and per mailbox, a progress
 * line redrawn on a terminal, and at the end the summary and the report of everything not taken
 * over, grouped by what it means.
 */
final class TextTransferOutput implements TransferEvents {
    private final PrintWriter out;
    private final Optional<ProgressLine> progress;
    private final String verb;
    private final boolean dryRun;

    /**
     * @param verb     what the run does to mail, in the past tense ({@code imported}, {@code migrated})
     * @param dryRun   whether the run changes nothing
     * @param progress the progress line, when the output is a terminal
     */
    TextTransferOutput(PrintWriter out, String verb, boolean dryRun, Optional<ProgressLine> progress) {
        this.out = out;
        this.verb = verb;
        this.dryRun = dryRun;
        this.progress = progress;
    }

    @Override
    public void domain(String domain, MailboxSummary.Status status) {
        println("domain " + domain + ": " + status.text());
    }

    @Override
    public void mailbox(MailboxSummary summary) {
        println(line(summary));
    }

    @Override
    public void progress(Progress now) {
        progress.ifPresent(line -> line.update(now.mailboxesDone() + "/" + now.mailboxesTotal() + " mailboxes, "
                + now.messages() + " messages, " + TextTable.octets(now.octets())));
    }

    @Override
    public void finished(RunReport report) {
        progress.ifPresent(ProgressLine::clear);
        String would = report.dryRun() ? "would be " : "";
        out.println((report.dryRun() ? "dry run, nothing changed: " : "") + report.domains() + " domain(s) "
                + would + "created; " + report.mailboxes() + " mailbox(es) " + would + "created, " + report.existing()
                + " existing, " + report.failed() + " incomplete; " + report.messages()
                + " message(s) " + (report.dryRun() ? "would be " + verb : verb) + " (" + TextTable.octets(report.octets())
                + "), " + report.alreadyThere() + " there already; "
                + String.format(Locale.ROOT, "%.1f s", report.elapsed().toMillis() / 1000.0));
        section(report, Finding.Kind.NOT_IMPORTED, "Not " + verb + ":");
        section(report, Finding.Kind.RETRY, "Not " + verb + " yet (run the same command again):");
        section(report, Finding.Kind.REFETCH, "Will be fetched again by clients (the old UIDL could not be kept):");
        section(report, Finding.Kind.PASSWORD, "Locked passwords (set one with postbox mailbox passwd ADDRESS):");
        section(report, Finding.Kind.WARNING, "Warnings:");
        out.flush();
    }

    private void section(RunReport report, Finding.Kind kind, String heading) {
        List<Finding> findings = report.findings(kind);
        if (findings.isEmpty()) {
            return;
        }
        out.println(heading);
        findings.forEach(finding -> out.println("  " + finding));
    }

    private String line(MailboxSummary summary) {
        StringBuilder line = new StringBuilder(summary.address().toString()).append(": ").append(summary.status().text());
        if (summary.status() == MailboxSummary.Status.FAILED) {
            return line.toString();
        }
        line.append(", ").append(summary.messages()).append(" message(s) (").append(TextTable.octets(summary.octets()))
                .append(") ").append(dryRun ? "would be " + verb : verb);
        if (summary.alreadyThere() > 0) {
            line.append(", ").append(summary.alreadyThere()).append(" there already");
        }
        if (summary.newUidls() > 0) {
            line.append(", ").append(summary.newUidls()).append(" with a new UIDL");
        }
        if (summary.failed() > 0) {
            line.append(", ").append(summary.failed()).append(" failed");
        }
        return line.toString();
    }

    private void println(String line) {
        if (progress.isPresent()) {
            progress.get().println(line);
        } else {
            out.println(line);
            out.flush();
        }
    }
}
