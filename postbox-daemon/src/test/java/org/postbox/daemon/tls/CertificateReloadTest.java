package org.postbox.daemon.tls;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.CertificateConfig;
import org.postbox.config.PostboxConfig;
import org.postbox.config.TlsMode;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.pop3.server.Pop3TestClient;
import org.postbox.pop3.server.TestServer;
import org.postbox.pop3.server.TestSettings;
import org.postbox.pop3.server.tls.TestCertificates;
import org.postbox.pop3.server.tls.TestCertificates.KeyFormat;
import org.postbox.pop3.server.tls.TestCertificates.Leaf;
import org.slf4j.LoggerFactory;

/**
 * Certificates replaced while the server runs: new handshakes get the new ones, sessions already
 * under TLS carry on, and broken files change nothing but an error line.
 */
class CertificateReloadTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(15);

    private static TestCertificates ca;
    private static Leaf first;
    private static Leaf second;
    private static SSLContext client;

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger tlsLog = (Logger) LoggerFactory.getLogger(ServerTls.class);

    @BeforeAll
    static void issue() {
        ca = TestCertificates.authority("Postbox Test CA");
        first = ca.issue("mail.example.org");
        second = ca.issue("mail.example.org");
        client = ca.clientContext();
    }

    @BeforeEach
    void captureLog() {
        logs.start();
        tlsLog.addAppender(logs);
    }

    @AfterEach
    void releaseLog() {
        tlsLog.detachAppender(logs);
    }

    @Test
    void newHandshakesGetTheNewCertificateWhileAnOpenSessionCarriesOn() throws Exception {
        CertificateConfig files = TlsFiles.write(dir, "mail", 0, first, KeyFormat.PKCS8);
        ServerTls tls = ServerTls.load(TlsFiles.config(files));
        try (TestServer server = pop3s(tls); Pop3TestClient open = Pop3TestClient.connectTls(server.address(), client, null)) {
            assertThat(open.readLine()).isEqualTo("+OK Postbox ready.");
            assertThat(open.serverCertificate()).isEqualTo(first.certificate());
            SSLContext before = tls.context();

            assertThat(tls.reload()).as("the same files read again").isFalse();
            assertThat(tls.context()).as("the context in use stays").isSameAs(before);

            second.write(files.certificate(), files.privateKey(), KeyFormat.TRADITIONAL);
            assertThat(tls.reload()).isTrue();

            assertThat(certificateFrom(server)).isEqualTo(second.certificate());
            assertThat(open.capabilities()).contains("USER");
            assertThat(open.serverCertificate()).isEqualTo(first.certificate());
        }
    }

    @Test
    void brokenFilesKeepTheCertificateInUseAndAreReportedInOneLine() throws Exception {
        CertificateConfig files = TlsFiles.write(dir, "mail", 0, first, KeyFormat.PKCS8);
        ServerTls tls = ServerTls.load(TlsFiles.config(files));
        try (TestServer server = pop3s(tls)) {
            Files.writeString(files.certificate(), "-----BEGIN CERTIFICATE-----\ntruncated");
            assertThat(tls.reload()).isFalse();
            assertThat(errors()).singleElement().asString().isEqualTo("TLS certificates not reloaded, the previous ones"
                    + " stay in use: tls.certificates[0].cert: " + files.certificate() + " cannot be read as PEM:"
                    + " -----END CERTIFICATE----- not found");
            assertThat(certificateFrom(server)).isEqualTo(first.certificate());

            // Half a renewal: the new certificate next to the old key.
            Files.writeString(files.certificate(), TestCertificates.pem(List.of(second.certificate(), ca.certificate())));
            assertThat(tls.reload()).isFalse();
            assertThat(errors()).hasSize(2).last().asString().contains("does not belong to the private key");
            assertThat(certificateFrom(server)).isEqualTo(first.certificate());
        }
    }

    @Test
    void theWatcherFollowsCertbotSwitchingItsLinksToARenewedCertificate() throws Exception {
        // certbot's layout: live/<name>/*.pem are links to numbered files in archive/<name>/.
        Path archive = Files.createDirectories(dir.resolve("archive/mail"));
        Path live = Files.createDirectories(dir.resolve("live/mail"));
        first.write(archive.resolve("fullchain1.pem"), archive.resolve("privkey1.pem"), KeyFormat.PKCS8);
        link(live.resolve("fullchain.pem"), Path.of("../../archive/mail/fullchain1.pem"));
        link(live.resolve("privkey.pem"), Path.of("../../archive/mail/privkey1.pem"));
        ServerTls tls = ServerTls.load(TlsFiles.config(TlsFiles.entry(live, 0)));

        CertificateWatcher watcher = CertificateWatcher.start(tls, Duration.ofMillis(100));
        try (TestServer server = pop3s(tls)) {
            assertThat(certificateFrom(server)).isEqualTo(first.certificate());

            second.write(archive.resolve("fullchain2.pem"), archive.resolve("privkey2.pem"), KeyFormat.PKCS8);
            link(live.resolve("fullchain.pem"), Path.of("../../archive/mail/fullchain2.pem"));
            link(live.resolve("privkey.pem"), Path.of("../../archive/mail/privkey2.pem"));

            await().atMost(EVENTUALLY).until(() -> certificateFrom(server).equals(second.certificate()));
        } finally {
            watcher.close();
        }
    }

    @Test
    void theWatcherReportsABrokenFileOnceAndTakesItsRepair() throws Exception {
        CertificateConfig files = TlsFiles.write(dir, "mail", 0, first, KeyFormat.PKCS8);
        ServerTls tls = ServerTls.load(TlsFiles.config(files));
        CertificateWatcher watcher = CertificateWatcher.start(tls, Duration.ofMillis(100));
        try (TestServer server = pop3s(tls)) {
            Files.writeString(files.privateKey(), "not a key\n");

            await().atMost(EVENTUALLY).until(() -> errors().size() == 1);
            // Polls go on; an unchanged broken file is not reported again.
            await().during(Duration.ofMillis(600)).atMost(EVENTUALLY).until(() -> errors().size() == 1);
            assertThat(errors().get(0)).contains("tls.certificates[0].key", "holds no PEM private key");
            assertThat(certificateFrom(server)).isEqualTo(first.certificate());

            second.write(files.certificate(), files.privateKey(), KeyFormat.PKCS8);
            await().atMost(EVENTUALLY).until(() -> certificateFrom(server).equals(second.certificate()));
        } finally {
            watcher.close();
        }
    }

    @Test
    void theDaemonWatchesTheAdminListenersCertificatesToo() throws Exception {
        // admin.tls alone, no top-level tls: its files are watched all the same, at its own interval.
        CertificateConfig files = TlsFiles.write(dir, "admin", 0, first, KeyFormat.PKCS8);
        PostboxConfig config = PostboxConfig.parse(String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: 0",
                "store:",
                "  type: maildir",
                "  path: " + dir.resolve("store"),
                "metrics:",
                "  enabled: false",
                "admin:",
                "  listen: 127.0.0.1:0",
                "  tls:",
                "    reload-interval: 100ms",
                "    certificates:",
                "      - cert: " + files.certificate(),
                "        key: " + files.privateKey(),
                ""), "test");
        try (PostboxDaemon daemon = PostboxDaemon.start(config)) {
            InetSocketAddress admin = daemon.adminAddress().orElseThrow();
            assertThat(certificateFrom(admin)).isEqualTo(first.certificate());

            second.write(files.certificate(), files.privateKey(), KeyFormat.PKCS8);

            await().atMost(EVENTUALLY).until(() -> certificateFrom(admin).equals(second.certificate()));
        }
    }

    /** The certificate the admin listener shows in a handshake now. */
    private static X509Certificate certificateFrom(InetSocketAddress admin) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(admin.getAddress(), admin.getPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private TestServer pop3s(ServerTls tls) throws IOException {
        return TestServer.start(new MaildirStoreFixture(), Files.createDirectories(dir.resolve("store")),
                TestSettings.defaults().build(), ServerTls.forListener(TlsMode.IMPLICIT, Optional.of(tls)));
    }

    private static X509Certificate certificateFrom(TestServer server) throws IOException {
        try (Pop3TestClient pop = Pop3TestClient.connectTls(server.address(), client, "mail.example.org")) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            return pop.serverCertificate();
        }
    }

    /** Points {@code link} at {@code target}, replacing it in one step as certbot does. */
    private static void link(Path link, Path target) throws IOException {
        Path next = link.resolveSibling(link.getFileName() + ".next");
        Files.deleteIfExists(next);
        Files.createSymbolicLink(next, target);
        Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The error lines so far; the watcher's thread appends while the test reads. */
    private List<String> errors() {
        synchronized (logs) {
            return logs.list.stream().filter(event -> event.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
