package org.postbox.daemon.tls;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.TlsConfig;
import org.postbox.config.TlsMode;
import org.postbox.pop3.server.TestServer;
import org.postbox.pop3.server.TestSettings;
import org.postbox.pop3.server.tls.TestCertificates;
import org.postbox.pop3.server.tls.TlsPop3Client;
import org.postbox.pop3.server.tls.TestCertificates.KeyFormat;

/** One certificate per tenant host name, chosen by the name the client sends (RFC 6066 SNI). */
class SniTest {

    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static TestCertificates.Leaf mailOrg;
    private static TestCertificates.Leaf popCom;
    private static TestCertificates.Leaf anyNet;
    private static SSLContext client;
    private static TestServer pop3s;
    private static TestServer pop3;

    @BeforeAll
    static void start() throws IOException {
        ca = TestCertificates.authority("Postbox Test CA");
        mailOrg = ca.issue("mail.example.org");
        popCom = ca.issue("pop.example.com");
        anyNet = ca.issue("*.example.net");
        // The second certificate is the default: clients without a known name get pop.example.com.
        ServerTls tls = ServerTls.load(new TlsConfig(List.of(
                TlsFiles.write(dir, "mail.example.org", 0, mailOrg, KeyFormat.PKCS8),
                TlsFiles.write(dir, "pop.example.com", 1, popCom, KeyFormat.TRADITIONAL),
                TlsFiles.write(dir, "example.net", 2, anyNet, KeyFormat.PKCS8)),
                Optional.of("pop.example.com"), Duration.ZERO));
        client = ca.clientContext();
        pop3s = TestServer.start(new MaildirStoreFixture(), dir.resolve("store-s"), TestSettings.defaults().build(),
                ServerTls.forListener(TlsMode.IMPLICIT, Optional.of(tls)));
        pop3 = TestServer.start(new MaildirStoreFixture(), dir.resolve("store"), TestSettings.defaults().build(),
                ServerTls.forListener(TlsMode.STARTTLS, Optional.of(tls)));
    }

    @AfterAll
    static void stop() {
        for (TestServer server : new TestServer[] {pop3s, pop3}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void eachNameGetsItsOwnCertificate() throws Exception {
        assertThat(certificateFor("mail.example.org")).isEqualTo(mailOrg.certificate());
        assertThat(certificateFor("pop.example.com")).isEqualTo(popCom.certificate());
        assertThat(certificateFor("MAIL.example.ORG")).isEqualTo(mailOrg.certificate());
    }

    @Test
    void aWildcardCoversOneLabel() throws Exception {
        assertThat(certificateFor("tenant1.example.net")).isEqualTo(anyNet.certificate());
        assertThat(certificateFor("a.tenant1.example.net")).isEqualTo(popCom.certificate());
    }

    @Test
    void anUnknownOrMissingNameGetsTheDefault() throws Exception {
        assertThat(certificateFor("unknown.example.com")).isEqualTo(popCom.certificate());
        assertThat(certificateFor(null)).isEqualTo(popCom.certificate());
    }

    @Test
    void stlsChoosesByNameToo() throws Exception {
        try (TlsPop3Client pop = TlsPop3Client.plain(pop3.address())) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            pop.send("STLS");
            assertThat(pop.readLine()).isEqualTo("+OK Begin TLS negotiation");
            pop.handshake(client, "mail.example.org");
            assertThat(pop.serverCertificate()).isEqualTo(mailOrg.certificate());
            assertThat(pop.capabilities()).contains("USER");
        }
    }

    private static X509Certificate certificateFor(String serverName) throws IOException {
        // A fresh client each time: the JDK's client caches sessions by address, not by name, and
        // would resume the previous connection's TLS 1.3 session instead of asking anew.
        try (TlsPop3Client pop = TlsPop3Client.implicit(pop3s.address(), ca.clientContext(), serverName)) {
            assertThat(pop.readLine()).isEqualTo("+OK Postbox ready.");
            return pop.serverCertificate();
        }
    }
}
