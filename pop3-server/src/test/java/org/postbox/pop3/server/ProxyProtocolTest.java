package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HAProxy PROXY protocol on a listener over real sockets: the header's client, not the proxy,
 * is who the plaintext policy and the per-client limits see; only trusted proxies may send one.
 */
class ProxyProtocolTest {

    private static final String ALICE = "alice@example.com";
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @TempDir
    Path temp;

    /** Plaintext logins only from 198.51.100.0/24; the proxy (this test, on 127.0.0.1) is trusted. */
    private TestServer server(ProxyProtocol proxy, ClientLimits limits) throws IOException {
        Pop3Settings settings = TestSettings.defaults()
                .plaintextAllowed(address -> address.getHostAddress().startsWith("198.51.100.")).build();
        TestServer server = TestServer.start(new MaildirStoreFixture(), temp, settings,
                AccessPolicy.defaults().withProxyProtocol(proxy).withLimits(limits));
        server.addMailbox(ALICE, "secret");
        return server;
    }

    private static ProxyProtocol trustingLoopback() {
        return ProxyProtocol.from(InetAddress::isLoopbackAddress, Duration.ofSeconds(5));
    }

    private static byte[] v2(int a, int b, int c, int d) {
        byte[] header = new byte[28];
        System.arraycopy(V2_SIGNATURE, 0, header, 0, 12);
        header[12] = 0x21;
        header[13] = 0x11;
        header[15] = 12;
        header[16] = (byte) a;
        header[17] = (byte) b;
        header[18] = (byte) c;
        header[19] = (byte) d;
        header[20] = 10;
        header[23] = 1;
        header[24] = (byte) 0x9c;
        header[25] = 0x40;
        header[27] = 110;
        return header;
    }

    @Test
    void theClientTheHeaderNamesDrivesThePlaintextPolicy() throws Exception {
        try (TestServer server = server(trustingLoopback(), ClientLimits.none())) {
            try (Pop3TestClient fromTrustedNetwork = server.connect()) {
                // The header and the first command in one write: the command is the client's.
                fromTrustedNetwork.sendRaw("PROXY TCP4 198.51.100.7 10.0.0.1 40000 110\r\nCAPA\r\n");
                assertThat(fromTrustedNetwork.readLine()).startsWith("+OK Postbox ready");
                assertThat(fromTrustedNetwork.readMultiline()).contains("USER", "SASL PLAIN LOGIN");
            }
            try (Pop3TestClient fromElsewhere = server.connect()) {
                fromElsewhere.sendBytes(v2(203, 0, 113, 9));
                assertThat(fromElsewhere.readLine()).startsWith("+OK Postbox ready");
                fromElsewhere.send("CAPA");
                List<String> capabilities = fromElsewhere.readMultiline();
                assertThat(capabilities).doesNotContain("USER").noneMatch(line -> line.startsWith("SASL"));
                fromElsewhere.send("USER " + ALICE);
                assertThat(fromElsewhere.readLine()).startsWith("-ERR [AUTH] plaintext authentication");
            }
        }
    }

    @Test
    void aHealthCheckWithoutAddressesIsTheProxyItself() throws Exception {
        try (TestServer server = server(trustingLoopback(), ClientLimits.none()); Pop3TestClient client = server.connect()) {
            byte[] local = new byte[16];
            System.arraycopy(V2_SIGNATURE, 0, local, 0, 12);
            local[12] = 0x20;
            client.sendBytes(local);
            assertThat(client.readLine()).startsWith("+OK Postbox ready");
        }
    }

    @Test
    void limitsCountTheRealClients() throws Exception {
        try (TestServer server = server(trustingLoopback(), new ClientLimits(1, 10, LoginDelays.none()));
                Pop3TestClient first = server.connect(); Pop3TestClient sameClient = server.connect();
                Pop3TestClient otherClient = server.connect()) {
            first.sendRaw("PROXY TCP4 203.0.113.7 10.0.0.1 40000 110\r\n");
            assertThat(first.readLine()).startsWith("+OK");
            sameClient.sendRaw("PROXY TCP4 203.0.113.7 10.0.0.1 40001 110\r\n");
            assertThat(sameClient.readLine()).isEqualTo("-ERR [SYS/TEMP] too many connections from your address, try again later");
            otherClient.sendRaw("PROXY TCP4 203.0.113.8 10.0.0.1 40000 110\r\n");
            assertThat(otherClient.readLine()).startsWith("+OK");
        }
    }

    @Test
    void anUntrustedPeerIsDisconnectedWithoutAWord() throws Exception {
        ProxyProtocol elsewhere = ProxyProtocol.from(address -> address.getHostAddress().startsWith("10."), Duration.ofSeconds(5));
        try (TestServer server = server(elsewhere, ClientLimits.none()); Pop3TestClient client = server.connect()) {
            client.sendRaw("PROXY TCP4 198.51.100.7 10.0.0.1 40000 110\r\n");
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void aBadOrLateHeaderEndsTheConnection() throws Exception {
        ProxyProtocol quick = ProxyProtocol.from(InetAddress::isLoopbackAddress, Duration.ofSeconds(1));
        try (TestServer server = server(quick, ClientLimits.none())) {
            try (Pop3TestClient client = server.connect()) {
                client.sendRaw("USER alice@example.com\r\n");
                assertThat(client.readLine()).isNull();
            }
            try (Pop3TestClient client = server.connect()) {
                client.sendRaw("PROXY TCP4 198.51.100.7 ");
                // No sleep: the read returns when the server gives up on the header and closes.
                assertThat(client.readLine()).isNull();
            }
            assertThat(server.acceptor().openSessions()).isZero();
        }
    }

    @Test
    void aHeaderSplitAcrossWritesIsStillRead() throws Exception {
        try (TestServer server = server(trustingLoopback(), ClientLimits.none()); Pop3TestClient client = server.connect()) {
            byte[] header = "PROXY TCP6 2001:db8::7 2001:db8::1 40000 110\r\n".getBytes(StandardCharsets.US_ASCII);
            for (byte octet : header) {
                client.sendBytes(new byte[] {octet});
            }
            assertThat(client.readLine()).startsWith("+OK Postbox ready");
        }
    }
}
