package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.pop3.server.tls.TestCertificates;
import org.postbox.pop3.server.tls.TlsPop3Client;

/** Open sessions by TLS state: implicit TLS from the start, and a session that switches with STLS. */
class TlsSessionMetersTest {

    @TempDir
    Path dir;

    @Test
    void sessionsAreCountedUnderTheirTlsProtocol() throws Exception {
        TestCertificates ca = TestCertificates.authority("Postbox Test CA");
        ca.issue("mail.example.org").write(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"),
                TestCertificates.KeyFormat.PKCS8);
        PostboxConfig config = PostboxConfig.parse(String.join("\n",
                "listeners:",
                "  - {name: pop3, address: 127.0.0.1, port: 0, tls: starttls}",
                "  - {name: pop3s, address: 127.0.0.1, port: 0, tls: implicit}",
                "tls: {certificates: [{cert: '" + dir.resolve("fullchain.pem") + "', key: '" + dir.resolve("privkey.pem") + "'}]}",
                "store: {type: maildir, path: '" + dir.resolve("mail") + "', fsync: false}",
                "auth: {hash-threads: 1}",
                "metrics: {port: 0}",
                ""), "test");
        try (PostboxDaemon daemon = PostboxDaemon.start(config)) {
            InetSocketAddress metrics = daemon.metricsAddress().orElseThrow();

            try (TlsPop3Client implicit = TlsPop3Client.implicit(daemon.boundAddress("pop3s"), ca.clientContext(),
                    "mail.example.org", "TLSv1.3");
                    TlsPop3Client plain = TlsPop3Client.plain(daemon.boundAddress("pop3"))) {
                assertThat(implicit.readLine()).startsWith("+OK");
                assertThat(plain.readLine()).startsWith("+OK");
                awaitSessions(metrics, "pop3s", "TLSv1.3", 1);
                awaitSessions(metrics, "pop3s", "none", 0);
                awaitSessions(metrics, "pop3", "none", 1);

                plain.send("STLS");
                assertThat(plain.readLine()).startsWith("+OK");
                plain.handshake(ca.clientContext(), "mail.example.org", "TLSv1.2");
                assertThat(plain.capabilities()).contains("USER");
                awaitSessions(metrics, "pop3", "TLSv1.2", 1);
                awaitSessions(metrics, "pop3", "none", 0);
            }
            awaitSessions(metrics, "pop3", "TLSv1.2", 0);
            awaitSessions(metrics, "pop3s", "TLSv1.3", 0);
            Scrape scrape = Scrape.of(metrics);
            assertThat(scrape.sum("postbox_connections_total", "result", "accepted")).isEqualTo(2);
            assertThat(scrape.sum("postbox_connections_total", "result", "rejected")).isZero();
        }
    }

    private static void awaitSessions(InetSocketAddress metrics, String listener, String tls, int expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Scrape.of(metrics).sum("postbox_sessions_open", "listener", listener, "tls", tls)).isEqualTo(expected));
    }
}
