package org.postbox.pop3.server.tls;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.pop3.server.Pop3Acceptor;
import org.postbox.pop3.server.TestServer;
import org.postbox.pop3.server.TestSettings;
import org.slf4j.LoggerFactory;

/**
 * STLS (RFC 2595 section 4) against a real listener over real sockets, with the JDK's TLS client:
 * the switch itself, CAPA before and after it, the policy that passwords travel only under TLS
 * outside trusted networks, the refusals, and that nothing sent in the clear after STLS is ever
 * executed once TLS is up (CVE-2021-38084, CVE-2021-38542).
 */
class StartTlsTest {

    private static final String ALICE = "alice@example.com";
    private static final String REFUSED = "-ERR [AUTH] plaintext authentication requires TLS; use STLS";

    private static TestCertificates ca;
    private static TestCertificates.Leaf mail;
    private static SSLContext tls;
    private static SSLContext client;

    @TempDir
    Path store;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger driverLog = (Logger) LoggerFactory.getLogger("org.postbox.pop3.server.SessionDriver");

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.authority("Postbox Test CA");
        mail = ca.issue("mail.example.org");
        tls = TestCertificates.serverContext(mail);
        client = ca.clientContext();
    }

    @BeforeEach
    void captureSummaries() {
        logs.start();
        driverLog.addAppender(logs);
    }

    @AfterEach
    void releaseSummaries() {
        driverLog.detachAppender(logs);
    }

    /** A STLS listener whose plaintext policy trusts no network, or every network. */
    private TestServer server(boolean plaintextFromAnyNetwork) throws IOException {
        TestServer server = TestServer.start(new MaildirStoreFixture(), store,
                TestSettings.defaults().plaintextAllowed(plaintextFromAnyNetwork).build(),
                ListenerTls.of(ListenerTls.Mode.STARTTLS, () -> tls));
        server.addMailbox(ALICE, "secret");
        return server;
    }

    @Test
    void stlsSwitchesToTlsAfterWhichCapaOffersUserAndLoginWorks() throws Exception {
        try (TestServer server = server(false); TlsPop3Client pop = TlsPop3Client.plain(server.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            assertThat(pop.capabilities()).contains("STLS").doesNotContain("USER");
            pop.send("USER " + ALICE);
            assertThat(pop.readLine()).isEqualTo(REFUSED);
            pop.send("PASS secret");
            assertThat(pop.readLine()).isEqualTo(REFUSED);

            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("+OK Begin TLS negotiation");
            SSLSession session = pop.handshake(client, "mail.example.org");
            assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
            assertThat(pop.serverCertificate()).isEqualTo(mail.certificate());

            assertThat(pop.capabilities()).contains("USER").doesNotContain("STLS");
            pop.send("USER " + ALICE);
            assertThat(pop.readLine()).isEqualTo("+OK send PASS");
            pop.send("PASS secret");
            assertThat(pop.readLine()).isEqualTo("+OK alice@example.com has 0 messages (0 octets)");
            assertThat(pop.capabilities()).doesNotContain("STLS", "USER");
            pop.send("QUIT");
            assertThat(pop.readLine()).startsWith("+OK Postbox signing off");
            String suite = session.getCipherSuite();

            await().atMost(Duration.ofSeconds(10)).until(() -> !summaries().isEmpty());
            assertThat(summaries()).singleElement().asString()
                    .contains("user=alice@example.com", "tls=TLSv1.3/" + suite + " end=quit");
        }
    }

    @Test
    void commandsPipelinedAfterStlsInOneWriteAreNeverExecuted() throws Exception {
        // Plaintext is allowed from anywhere here, so an injected USER would be accepted if it ran.
        try (TestServer server = server(true); TlsPop3Client pop = TlsPop3Client.plain(server.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");

            pop.sendRaw("STLS\r\nUSER " + ALICE + "\r\n");
            assertThat(pop.readLine()).isEqualTo("+OK Begin TLS negotiation");
            pop.handshake(client, "mail.example.org");

            // Had the injected USER run after the switch, its "+OK send PASS" would come first and PASS would log in.
            pop.send("PASS secret");
            assertThat(pop.readLine()).isEqualTo("-ERR PASS must directly follow a successful USER");
            pop.send("NOOP");
            assertThat(pop.readLine()).isEqualTo("-ERR NOOP is not valid in the authorization state");
        }
    }

    @Test
    void commandsSentAfterStlsBeforeItsReplyAreNeverExecuted() throws Exception {
        try (TestServer server = server(true); TlsPop3Client pop = TlsPop3Client.plain(server.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");

            // Two writes, so the injected line may arrive before or after the server switched.
            pop.send("STLS");
            pop.send("USER " + ALICE);
            String reply = pop.readLine();
            if (reply == null) {
                // The clear text reached the TLS layer before the reply left: the server gave up on it.
                return;
            }
            assertThat(reply).isEqualTo("+OK Begin TLS negotiation");
            try {
                pop.handshake(client, "mail.example.org");
            } catch (SSLException brokenByTheInjectedLine) {
                // Arriving after the switch, the clear text broke the handshake: it was not executed either.
                return;
            }
            pop.send("PASS secret");
            assertThat(pop.readLine()).isEqualTo("-ERR PASS must directly follow a successful USER");
        }
    }

    @Test
    void stlsUnderTlsIsRefusedAndTheSessionGoesOn() throws Exception {
        try (TestServer server = server(false); TlsPop3Client pop = TlsPop3Client.plain(server.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("+OK Begin TLS negotiation");
            pop.handshake(client, null);

            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("-ERR already using TLS");
            assertThat(pop.capabilities()).contains("USER");
        }
    }

    @Test
    void stlsAfterLoginIsRefusedAndTheClearTextSessionGoesOn() throws Exception {
        try (TestServer server = server(true); TlsPop3Client pop = TlsPop3Client.plain(server.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            pop.send("USER " + ALICE);
            assertThat(pop.readLine()).isEqualTo("+OK send PASS");
            pop.send("PASS secret");
            assertThat(pop.readLine()).startsWith("+OK alice@example.com has 0 messages");

            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("-ERR STLS is not valid in the transaction state");
            pop.send("NOOP");
            assertThat(pop.readLine()).isEqualTo("+OK");
            pop.send("QUIT");
            assertThat(pop.readLine()).startsWith("+OK Postbox signing off");
        }
    }

    @Test
    void withoutTlsStlsIsNeitherOfferedNorAccepted() throws Exception {
        try (TestServer server = TestServer.start(new MaildirStoreFixture(), store,
                TestSettings.defaults().plaintextAllowed(false).build(), ListenerTls.none());
                TlsPop3Client pop = TlsPop3Client.plain(server.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            assertThat(pop.capabilities()).doesNotContain("STLS", "USER");
            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("-ERR TLS is not available on this listener");
            assertThat(pop.capabilities()).doesNotContain("STLS");
            pop.send("USER " + ALICE);
            assertThat(pop.readLine()).isEqualTo(REFUSED);
        }
    }

    @Test
    void aClientThatStallsTheHandshakeIsDisconnectedByTheLoginTimeout() throws Exception {
        try (TestServer server = TestServer.start(new MaildirStoreFixture(), store,
                TestSettings.defaults().loginTimeout(Duration.ofSeconds(1)).build(), ListenerTls.of(ListenerTls.Mode.STARTTLS, () -> tls));
                TlsPop3Client pop = TlsPop3Client.plain(server.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("+OK Begin TLS negotiation");
            // No handshake follows: the server must hang up (its farewell is TLS, which it cannot send).
            assertThat(closedByServer(pop)).isTrue();
            awaitNoSessions(server.acceptor());
        }
    }

    /** Reads until the server closes (true) or the client's read timeout passes (false). */
    private static boolean closedByServer(TlsPop3Client pop) {
        try {
            while (pop.readLine() != null) {
                // Whatever comes before the end.
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static void awaitNoSessions(Pop3Acceptor acceptor) {
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptor.openSessions() == 0);
    }

    private List<String> summaries() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("session end ")).toList();
    }
}
