package org.postbox.cli.transfer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The counts and findings of a run as it goes. */
final class RunTally {
    private final boolean dryRun;
    private final long started = System.nanoTime();
    private final List<Finding> findings = new ArrayList<>();
    private int domains;
    private int mailboxes;
    private int existing;
    private int failed;
    private long messages;
    private long octets;
    private long alreadyThere;
    private int mailboxesDone;

    RunTally(boolean dryRun) {
        this.dryRun = dryRun;
    }

    void finding(Finding finding) {
        findings.add(finding);
    }

    void finding(Finding.Kind kind, Object subject, String reason) {
        findings.add(new Finding(kind, subject.toString(), reason));
    }

    void domainCreated() {
        domains++;
    }

    /** Messages stored (or counted on a dry run) within a mailbox not yet finished. */
    void stored(long count, long size) {
        messages += count;
        octets += size;
    }

    void mailboxDone(MailboxSummary summary) {
        mailboxesDone++;
        switch (summary.status()) {
            case CREATED, WOULD_CREATE -> mailboxes++;
            case EXISTS -> existing++;
            case FAILED, IN_USE -> failed++;
        }
        if (summary.failed() > 0 && summary.status() != MailboxSummary.Status.FAILED
                && summary.status() != MailboxSummary.Status.IN_USE) {
            failed++;
        }
        alreadyThere += summary.alreadyThere();
    }

    Progress progress(int total) {
        return new Progress(mailboxesDone, total, messages, octets);
    }

    RunReport report() {
        return new RunReport(dryRun, domains, mailboxes, existing, failed, messages, octets, alreadyThere, findings,
                Duration.ofNanos(System.nanoTime() - started));
    }
}
