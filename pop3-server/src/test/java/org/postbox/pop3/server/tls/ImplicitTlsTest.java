package org.postbox.pop3.server.tls;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.pop3.server.TestServer;
import org.postbox.pop3.server.TestSettings;

/**
 * POP3S (RFC 8314): TLS from the first octet, TLS 1.2 and 1.3 only, the server's choice among
 * modern cipher suites, and passwords welcome under TLS whatever the client's network.
 */
class ImplicitTlsTest {

    @TempDir
    static Path dir;

    private static TestCertificates.Leaf mail;
    private static TestCertificates.Leaf rsaMail;
    private static SSLContext client;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        TestCertificates ca = TestCertificates.authority("Postbox Test CA");
        mail = ca.issue("mail.example.org");
        rsaMail = ca.issueRsa("mail.example.org");
        SSLContext tls = TestCertificates.serverContext(mail, rsaMail);
        client = ca.clientContext();
        server = TestServer.start(new MaildirStoreFixture(), dir.resolve("store"),
                TestSettings.defaults().plaintextAllowed(false).build(), ListenerTls.of(ListenerTls.Mode.IMPLICIT, () -> tls));
        server.addMailbox("alice@example.com", "secret");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void greetsUnderTlsAndAcceptsPasswordsThere() throws Exception {
        try (TlsPop3Client pop = TlsPop3Client.implicit(server.address(), client, "mail.example.org")) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            assertThat(pop.capabilities()).contains("USER").doesNotContain("STLS");
            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("-ERR already using TLS");
            pop.send("USER alice@example.com");
            assertThat(pop.readLine()).isEqualTo("+OK send PASS");
            pop.send("PASS secret");
            assertThat(pop.readLine()).isEqualTo("+OK alice@example.com has 0 messages (0 octets)");
            pop.send("QUIT");
            assertThat(pop.readLine()).startsWith("+OK Postbox signing off");
        }
    }

    @Test
    void theServersPreferenceDecidesTheCipherSuite() throws Exception {
        // The JDK client lists AES-256 before AES-128; the server's list puts AES-128 first.
        try (TlsPop3Client pop = TlsPop3Client.implicit(server.address(), client, null, "TLSv1.3")) {
            SSLSession session = pop.tlsSession();
            assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
            assertThat(session.getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
        }
        try (TlsPop3Client pop = TlsPop3Client.implicit(server.address(), client, null, "TLSv1.2")) {
            SSLSession session = pop.tlsSession();
            assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
            assertThat(session.getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
        }
    }

    @Test
    void aClientThatCanOnlyDoRsaGetsTheRsaCertificate() throws Exception {
        // Offering only an ECDHE_RSA suite leaves the server no choice but its RSA certificate for the name.
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                .createSocket(server.address().getAddress(), server.address().getPort());
        try (socket) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"});
            socket.startHandshake();
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(rsaMail.certificate());
            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        }
    }

    @Test
    void tls11IsRefusedWhileTheSameHelloAsTls12IsAnswered() throws Exception {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(TlsPop3Client.TIMEOUT_MILLIS);
            socket.getOutputStream().write(ClientHello.record(ClientHello.TLS_1_2));
            ClientHello.Answer answer = ClientHello.read(socket.getInputStream());
            assertThat(answer).isNotNull();
            assertThat(answer.isServerHello()).as("answer to a TLS 1.2 hello: %s", answer).isTrue();
        }
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(TlsPop3Client.TIMEOUT_MILLIS);
            socket.getOutputStream().write(ClientHello.record(ClientHello.TLS_1_1));
            ClientHello.Answer answer = ClientHello.read(socket.getInputStream());
            // A protocol_version alert, or the connection closed before MINA got it out: never a ServerHello.
            assertThat(answer == null || answer.isProtocolVersionAlert()).as("answer to a TLS 1.1 hello: %s", answer).isTrue();
        }
    }

    @Test
    void aClientOfferingOnlyWeakCipherSuitesIsRefused() throws Exception {
        // Each is something TLS 1.2 clients still offer: RSA key exchange (no forward secrecy),
        // CBC with SHA-1 MACs, 3DES, RC4. The server holds an RSA and an EC certificate, so only
        // its cipher list can be what refuses them; the same hello with an AES-GCM suite is answered.
        int[][] weak = {
            {0x009C, 0x009D},          // TLS_RSA_WITH_AES_128/256_GCM
            {0xC013, 0xC014, 0xC009},  // TLS_ECDHE_{RSA,ECDSA}_WITH_AES_*_CBC_SHA
            {0x002F, 0x0035},          // TLS_RSA_WITH_AES_128/256_CBC_SHA
            {0x000A, 0xC012},          // 3DES
            {0x0005, 0xC011},          // RC4
        };
        for (int[] suites : weak) {
            assertThat(firstAnswer(ClientHello.record(ClientHello.TLS_1_2, suites)))
                    .as("answer to a hello offering only %s", java.util.Arrays.toString(suites))
                    .matches(answer -> answer == null || answer.isHandshakeFailureAlert(), "no ServerHello");
        }
        assertThat(firstAnswer(ClientHello.record(ClientHello.TLS_1_2, 0xC013, 0xC02F)).isServerHello()).isTrue();
    }

    private static ClientHello.Answer firstAnswer(byte[] hello) throws IOException {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(TlsPop3Client.TIMEOUT_MILLIS);
            socket.getOutputStream().write(hello);
            return ClientHello.read(socket.getInputStream());
        }
    }

    @Test
    void aFailedHandshakeClosesTheConnectionAndEndsTheSession() throws Exception {
        // Scanners on port 995 send old hellos and garbage all day: each must cost nothing once refused.
        for (byte[] hello : java.util.List.of(ClientHello.record(ClientHello.TLS_1_1),
                "USER alice\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
                socket.setSoTimeout(TlsPop3Client.TIMEOUT_MILLIS);
                socket.getOutputStream().write(hello);
                // Whatever alert comes first, the server then closes: the read ends, it does not time out.
                java.io.InputStream in = socket.getInputStream();
                while (in.read() != -1) {
                    // draining the alert
                }
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.acceptor().openSessions() == 0);
    }

    @Test
    void aClientLeavingInTheMiddleOfALargeRetrFreesItsSessionAndMaildrop() throws Exception {
        // Far more than the socket buffers hold: when the client goes, replies are still queued in
        // the TLS filter, and the session must end (and unlock the maildrop) all the same.
        StringBuilder body = new StringBuilder("Subject: big\r\n\r\n");
        String line = "x".repeat(998) + "\r\n";
        while (body.length() < 16 * 1024 * 1024) {
            body.append(line);
        }
        server.addMailbox("bob@example.com", "secret");
        server.deliver("bob@example.com", org.postbox.mailstore.MessageSource.of(
                body.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        try (TlsPop3Client pop = TlsPop3Client.implicit(server.address(), client, "mail.example.org")) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            pop.send("USER bob@example.com");
            assertThat(pop.readLine()).isEqualTo("+OK send PASS");
            pop.send("PASS secret");
            assertThat(pop.readLine()).startsWith("+OK bob@example.com has 1 messages");
            pop.send("RETR 1");
            assertThat(pop.readLine()).startsWith("+OK");
            assertThat(pop.readLine()).isEqualTo("Subject: big");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.acceptor().openSessions() == 0);
        try (TlsPop3Client pop = TlsPop3Client.implicit(server.address(), client, "mail.example.org")) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            pop.send("USER bob@example.com");
            assertThat(pop.readLine()).isEqualTo("+OK send PASS");
            pop.send("PASS secret");
            assertThat(pop.readLine()).startsWith("+OK bob@example.com has 1 messages");
            pop.send("QUIT");
            assertThat(pop.readLine()).startsWith("+OK");
        }
    }
}
