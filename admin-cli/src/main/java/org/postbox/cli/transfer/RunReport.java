package org.postbox.cli.transfer;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The end of an import or migration: what was done, and everything not taken over or taken over
 * differently ({@link Finding}s), sorted by kind.
 *
 * @param dryRun         whether nothing was changed
 * @param domains        domains created (on a dry run: that would be)
 * @param mailboxes      mailboxes created (would be)
 * @param existing       mailboxes that existed already and were left as they were
 * @param failed         mailboxes not imported, or not completely
 * @param messages       messages stored (would be)
 * @param octets         their octets
 * @param alreadyThere   messages skipped because their mailbox had them already
 * @param findings       what the administrator should know
 * @param elapsed        how long the run took
 */
public record RunReport(boolean dryRun, int domains, int mailboxes, int existing, int failed, long messages, long octets,
                        long alreadyThere, List<Finding> findings, Duration elapsed) {

    public RunReport {
        findings = findings.stream().sorted(Comparator.comparing(Finding::kind)).toList();
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether something of the source is missing from the store for good (until the cause is fixed). */
    public boolean incomplete() {
        return findings.stream().anyMatch(finding -> finding.kind() == Finding.Kind.NOT_IMPORTED);
    }

    /** Whether something was left for a later run, such as a mailbox in use. */
    public boolean retryNeeded() {
        return findings.stream().anyMatch(finding -> finding.kind() == Finding.Kind.RETRY);
    }

    /** The findings of one kind. */
    public List<Finding> findings(Finding.Kind kind) {
        return findings.stream().filter(finding -> finding.kind() == kind).toList();
    }
}
