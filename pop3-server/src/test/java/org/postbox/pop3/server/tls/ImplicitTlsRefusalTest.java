package org.postbox.pop3.server.tls;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.pop3.server.AccessPolicy;
import org.postbox.pop3.server.ClientLimits;
import org.postbox.pop3.server.LoginDelays;
import org.postbox.pop3.server.TestServer;
import org.postbox.pop3.server.TestSettings;

/**
 * On POP3S a connection over a limit is refused as on port 110: the handshake completes and the
 * client reads {@code -ERR [SYS/TEMP]} with the reason, rather than a bare end of the connection
 * in the middle of the handshake, which clients report as a TLS failure.
 */
class ImplicitTlsRefusalTest {

    @TempDir
    Path dir;

    private SSLContext client;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(int maxConnections, int maxConnectionsPerClient) throws IOException {
        TestCertificates ca = TestCertificates.authority("Postbox Test CA");
        SSLContext tls = TestCertificates.serverContext(ca.issue("mail.example.org"));
        client = ca.clientContext();
        server = TestServer.start(new MaildirStoreFixture(), dir.resolve("store"),
                TestSettings.defaults().maxConnections(maxConnections).build(), ListenerTls.of(ListenerTls.Mode.IMPLICIT, () -> tls),
                AccessPolicy.defaults().withLimits(new ClientLimits(maxConnectionsPerClient, 10, LoginDelays.none())));
    }

    @Test
    void aConnectionOverThePerAddressLimitIsToldWhyUnderTls() throws Exception {
        start(100, 1);
        assertRefusedUnderTls("-ERR [SYS/TEMP] too many connections from your address, try again later");
    }

    @Test
    void aConnectionOverTheListenersLimitIsToldWhyUnderTls() throws Exception {
        start(1, 100);
        // The first connection logs in, so the listener cannot make room by closing it.
        try (TlsPop3Client first = TlsPop3Client.implicit(server.address(), client, "mail.example.org")) {
            server.addMailbox("alice@example.com", "secret");
            assertThat(first.readLine()).isEqualTo("+OK Postbox ready.");
            first.send("USER alice@example.com");
            assertThat(first.readLine()).isEqualTo("+OK send PASS");
            first.send("PASS secret");
            assertThat(first.readLine()).startsWith("+OK alice@example.com has 0 messages");
            try (TlsPop3Client refused = TlsPop3Client.implicit(server.address(), client, "mail.example.org")) {
                assertThat(refused.readLine()).isEqualTo("-ERR [SYS/TEMP] too many connections, try again later");
                assertThat(refused.readLine()).isNull();
            }
        }
    }

    private void assertRefusedUnderTls(String refusal) throws IOException {
        try (TlsPop3Client first = TlsPop3Client.implicit(server.address(), client, "mail.example.org")) {
            assertThat(first.readLine()).isEqualTo("+OK Postbox ready.");
            try (TlsPop3Client refused = TlsPop3Client.implicit(server.address(), client, "mail.example.org")) {
                assertThat(refused.readLine()).isEqualTo(refusal);
                assertThat(refused.readLine()).isNull();
            }
            first.send("USER alice@example.com");
            assertThat(first.readLine()).as("the first connection is untouched").isEqualTo("+OK send PASS");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.acceptor().openSessions() == 0);
    }
}
