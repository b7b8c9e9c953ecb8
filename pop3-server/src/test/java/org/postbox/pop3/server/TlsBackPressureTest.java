package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.pop3.server.tls.ListenerTls;
import org.postbox.pop3.server.tls.TestCertificates;
import org.postbox.pop3.server.tls.TlsPop3Client;

/**
 * A multi-megabyte RETR to a client that stops reading, under TLS. The TLS filter holds
 * writes back where the session's queue does not show them and refuses a 65th; the reply pump
 * must wait for the network there too, so the message arrives whole instead of the connection
 * being cut when the filter's queue overflows.
 */
class TlsBackPressureTest {

    @TempDir
    Path temp;

    @Test
    void aSlowTlsReaderGetsTheWholeMessage() throws Exception {
        TestCertificates ca = TestCertificates.authority("Postbox Test CA");
        TestCertificates.Leaf leaf = ca.issue("mail.example.org");
        SSLContext tls = TestCertificates.serverContext(leaf);

        GeneratedMessage message = GeneratedMessage.ofAbout(16L * 1024 * 1024);
        try (TestServer server = TestServer.start(new MaildirStoreFixture(), temp.resolve("store"),
                TestSettings.defaults().build(), ListenerTls.of(ListenerTls.Mode.IMPLICIT, () -> tls))) {
            server.addMailbox("alice@example.com", "secret");
            server.deliver("alice@example.com", message);

            try (TlsPop3Client client = TlsPop3Client.implicit(server.address(), ca.clientContext(), null)) {
                assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
                client.send("USER alice@example.com");
                assertThat(client.readLine()).isEqualTo("+OK send PASS");
                client.send("PASS secret");
                assertThat(client.readLine()).startsWith("+OK alice@example.com has 1 messages");

                client.send("RETR 1");
                // The client does not read until the server has filled the sockets and stalled.
                await().atMost(Duration.ofSeconds(20)).during(Duration.ofMillis(500))
                        .until(() -> server.acceptor().scheduledWriteBytes() > 0);

                assertThat(client.readLine()).isEqualTo("+OK " + message.crlfSize() + " octets");
                MessageDigest digest = GeneratedMessage.sha256();
                int lines = 0;
                for (String line = client.readLine(); ; line = client.readLine()) {
                    assertThat(line).as("line %d", lines).isNotNull();
                    if (line.equals(".")) {
                        break;
                    }
                    byte[] octets = line.getBytes(StandardCharsets.UTF_8);
                    int offset = octets.length > 0 && octets[0] == '.' ? 1 : 0;
                    digest.update(octets, offset, octets.length - offset);
                    digest.update("\r\n".getBytes(StandardCharsets.US_ASCII));
                    lines++;
                }
                assertThat(lines).isEqualTo(message.lineCount());
                assertThat(digest.digest()).isEqualTo(message.crlfDigest());
                client.send("QUIT");
                assertThat(client.readLine()).isEqualTo("+OK Postbox signing off (1 messages left)");
            }
        }
    }
}
