package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.Executables;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageSource;
import org.postbox.pop3.server.Pop3TestClient;

/**
 * {@code promtool} (Debian package {@code prometheus}) on what Postbox ships: the daemon's
 * {@code /metrics} output passes {@code check metrics} without a word, and the alert rules pass
 * {@code check rules} and their unit tests. Skipped where promtool is not installed; CI installs it.
 */
class PromtoolTest {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Executables.onPath("promtool").orElse(null);
        assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus)");
    }

    @Test
    void theMetricsOutputHasNothingToCriticise(@TempDir Path dir) throws Exception {
        PostboxConfig config = PostboxConfig.parse(String.join("\n",
                "listeners:",
                "  - {name: pop3, address: 127.0.0.1, port: 0, default-domain: example.com}",
                "  - {name: lmtp, protocol: lmtp, address: 127.0.0.1, port: 0, spool-directory: '" + dir.resolve("spool") + "'}",
                "store: {type: maildir, path: '" + dir.resolve("mail") + "', fsync: false}",
                "auth: {failure-delay: 10ms, hash-threads: 1}",
                "metrics: {port: 0, per-domain: {enabled: true}}",
                ""), "test");
        try (MailStore admin = config.store().open()) {
            admin.directory().addDomain("example.com");
            admin.directory().setDomainQuota("example.com", new DomainQuota(1_000_000, 10));
            MailboxAddress alice = MailboxAddress.parse("alice@example.com");
            admin.directory().addMailbox(alice, "{PLAIN}secret");
            admin.deliver(List.of(alice), MessageSource.of("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        try (PostboxDaemon daemon = PostboxDaemon.start(config)) {
            InetSocketAddress metrics = daemon.metricsAddress().orElseThrow();
            // Traffic, so that histograms, per-command series and store timers have samples.
            try (Pop3TestClient client = Pop3TestClient.connect(daemon.boundAddress("pop3"))) {
                client.readLine();
                client.command("USER alice");
                client.command("PASS secret");
                client.command("RETR 1");
                client.readMultiline();
                client.command("NOPE");
                client.command("QUIT");
                client.readToEndOfStream();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.of(metrics).has("postbox_domain_storage_limit_bytes"));
            String text = Scrape.of(metrics).text();

            Tools.Result result = Tools.run(dir, text, List.of(promtool.toString(), "check", "metrics"));

            assertThat(result.output()).as("promtool check metrics").isEmpty();
            assertThat(result.status()).isZero();
            assertThat(text).contains("postbox_command_duration_seconds_bucket", "postbox_domain_storage_used_bytes",
                    "postbox_lmtp_delivery_size_bytes_bucket",
                    "jvm_memory_used_bytes", "process_cpu_seconds_total");
        }
    }

    @Test
    void theAlertRulesAreValid() {
        Tools.Result result = Tools.run(Tools.ALERTS.getParent(), "",
                List.of(promtool.toString(), "check", "rules", Tools.ALERTS.toString()));

        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 10 rules found");
    }

    @Test
    void theAlertsFireWhenTheyShouldAndOnlyThen() {
        Tools.Result result = Tools.run(Tools.ALERT_TESTS.getParent(), "",
                List.of(promtool.toString(), "test", "rules", Tools.ALERT_TESTS.getFileName().toString()));

        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }
}
