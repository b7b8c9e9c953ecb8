package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.postbox.daemon.metrics.DaemonMetrics;
import org.postbox.mailstore.MailboxAddress;

/** What the daemon makes of quota warnings: a counter by result, besides its log lines. */
class QuotaWarningLogTest {

    @Test
    void warningsAreCountedBySentAndFailedButBrokenTemplatesOnlyLogged() {
        try (DaemonMetrics metrics = DaemonMetrics.create("test")) {
            QuotaWarningLog log = new QuotaWarningLog(metrics);
            MailboxAddress alice = MailboxAddress.parse("alice@example.com");

            log.sent(alice, 80);
            log.sent(alice, 95);
            log.notStored(alice, 80, "TemporaryFailure[reason=database down]");
            log.templateBroken(Path.of("example.com.txt"), "line 1: unknown placeholder {x}");

            assertThat(metrics.scrape())
                    .contains("postbox_quota_warnings_total{result=\"sent\"} 2.0")
                    .contains("postbox_quota_warnings_total{result=\"failed\"} 1.0");
        }
    }
}
