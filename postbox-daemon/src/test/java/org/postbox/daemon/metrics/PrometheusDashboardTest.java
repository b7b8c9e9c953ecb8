package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.Executables;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.lmtp.LmtpTestClient;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.pop3.server.Pop3TestClient;

/**
 * The Grafana dashboard against a real Prometheus (Debian package {@code prometheus}) scraping a
 * running daemon on loopback: after some traffic, every query of every panel returns data, and
 * Prometheus loads the alert rules. The daemon runs on PostgreSQL, so that the connection pool's
 * panels have their metrics, with per-domain metrics on and an LMTP listener. Skipped where
 * Prometheus is not installed; CI installs it.
 */
class PrometheusDashboardTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyDashboardQueryReturnsDataAfterSomeTraffic() throws Exception {
        Path prometheusBinary = Executables.onPath("prometheus").orElse(null);
        assumeTrue(prometheusBinary != null, "prometheus is not installed (apt-get install prometheus)");
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(30);

        PostgresDatabase database = POSTGRES.createDatabase();
        PostboxConfig config = PostboxConfig.parse(String.join("\n",
                "listeners:",
                "  - {name: pop3, address: 127.0.0.1, port: 0, default-domain: example.com}",
                "  - {name: lmtp, protocol: lmtp, address: 127.0.0.1, port: 0, hostname: mail.example.com,"
                        + " spool-directory: '" + dir.resolve("spool") + "'}",
                "store: {type: jpa, url: '" + database.url() + "', user: '" + database.user() + "', password: '"
                        + Optional.ofNullable(database.password()).orElse("") + "'}",
                "auth: {failure-delay: 10ms, hash-threads: 1, penalty-initial: 10ms, penalty-max: 20ms}",
                "metrics: {port: 0, per-domain: {enabled: true, refresh-interval: 5s}}",
                ""), "test");
        try (MailStore admin = config.store().open()) {
            admin.directory().addDomain("example.com");
            admin.directory().setDomainQuota("example.com", new DomainQuota(10_000_000, 0));
            admin.directory().addMailbox(ALICE, "{PLAIN}secret");
            admin.directory().addMailbox(BOB, "{PLAIN}secret");
            admin.directory().setMailboxQuota(BOB, new MailboxQuota(10, 0));
            admin.deliver(List.of(ALICE), MessageSource.of(MESSAGE));
            admin.deliver(List.of(ALICE), MessageSource.of(MESSAGE));

            try (PostboxDaemon daemon = PostboxDaemon.start(config)) {
                Process prometheus = startPrometheus(prometheusBinary, daemon.metricsAddress().orElseThrow());
                try {
                    int web = prometheusPort;
                    // Refused connections until it listens; a Prometheus that died says why in its log.
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                        assertThat(prometheus.isAlive()).as("prometheus is running; its log:%n%s",
                                Files.readString(dir.resolve("prometheus.log"))).isTrue();
                        return get(web, "/-/ready").statusCode() == 200;
                    });
                    await().atMost(Duration.ofSeconds(60)).until(() -> targetsUp(web) == 1);

                    traffic(daemon.boundAddress("pop3"), daemon.boundAddress("lmtp"));
                    System.gc();

                    for (String query : queries) {
                        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                                .untilAsserted(() -> assertThat(resultsOf(web, query)).as(query).isPositive());
                    }
                    // The alert rules load and evaluate against these metrics without an error.
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        JsonNode rules = json(get(web, "/api/v1/rules").body()).path("data").path("groups");
                        assertThat(rules).hasSize(1);
                        assertThat(rules.get(0).path("rules")).hasSize(10)
                                .allSatisfy(rule -> assertThat(rule.path("health").asText()).isEqualTo("ok"));
                    });
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly();
                    }
                }
            }
        }
    }

    /** Logins right and wrong, RETR, DELE, a lock conflict, a bad command; LMTP delivered and over quota. */
    private static void traffic(InetSocketAddress pop3, InetSocketAddress lmtp) throws IOException {
        try (Pop3TestClient a = Pop3TestClient.connect(pop3)) {
            a.readLine();
            a.command("USER alice");
            a.command("PASS wrong");
            a.authPlain("alice", "secret");
            a.command("RETR 1");
            a.readMultiline();
            a.command("DELE 2");
            a.command("WHAT");
            try (Pop3TestClient b = Pop3TestClient.connect(pop3)) {
                b.readLine();
                b.command("USER alice");
                assertThat(b.command("PASS secret")).startsWith("-ERR [IN-USE]");
                b.command("QUIT");
                b.readToEndOfStream();
            }
            a.command("QUIT");
            a.readToEndOfStream();
        }
        try (LmtpTestClient client = LmtpTestClient.connect(lmtp)) {
            client.reply();
            client.send("LHLO client.example.com");
            client.readReply();
            client.command("MAIL FROM:<sender@example.org>");
            client.command("RCPT TO:<alice@example.com>");
            client.command("RCPT TO:<bob@example.com>");
            client.command("DATA");
            client.command("Subject: hi\r\n\r\nHello.\r\n.");
            client.reply();
            client.command("QUIT");
            client.readToEndOfStream();
        }
    }

    /** Every panel's expressions, with the dashboard's variables as Grafana would fill them in. */
    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Tools.DASHBOARD));
        Set<String> queries = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText()
                        .replace("$__rate_interval", "1m")
                        .replace("$instance", ".*"));
            }
        }
        return new ArrayList<>(queries);
    }

    private int prometheusPort;

    private Process startPrometheus(Path binary, InetSocketAddress daemon) throws IOException {
        prometheusPort = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                "rule_files: ['" + Tools.ALERTS + "']",
                "scrape_configs:",
                "  - job_name: postbox",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + daemon.getPort() + "']",
                ""));
        return new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private int targetsUp(int web) throws Exception {
        int up = 0;
        for (JsonNode target : json(get(web, "/api/v1/targets").body()).path("data").path("activeTargets")) {
            if (target.path("health").asText().equals("up")) {
                up++;
            }
        }
        return up;
    }

    private int resultsOf(int web, String query) throws Exception {
        JsonNode answer = json(get(web, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).body());
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
        return answer.path("data").path("result").size();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
