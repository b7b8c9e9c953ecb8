package org.postbox.daemon;

import java.nio.file.Path;
import org.postbox.daemon.metrics.DaemonMetrics;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.warnings.QuotaWarningObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's log lines and counter of quota warnings. */
final class QuotaWarningLog implements QuotaWarningObserver {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaWarningLog.class);

    private final DaemonMetrics metrics;

    QuotaWarningLog(DaemonMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void sent(MailboxAddress mailbox, int threshold) {
        LOG.info("quota warning stored in {}: it crossed {}% of its quota", mailbox, threshold);
        metrics.quotaWarning(true);
    }

    @Override
    public void notStored(MailboxAddress mailbox, int threshold, String reason) {
        LOG.warn("quota warning of {}% for {} not stored (the delivery stands): {}", threshold, mailbox, reason);
        metrics.quotaWarning(false);
    }

    @Override
    public void templateBroken(Path file, String problem) {
        LOG.warn("quota warning template {} is broken, the built-in text is used instead: {}", file, problem);
    }
}
