package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.pop3.server.tls.TestCertificates;
import org.postbox.pop3.server.tls.TestCertificates.KeyFormat;
import org.postbox.pop3.server.tls.TestCertificates.Leaf;

/**
 * {@code who} and {@code reload} over https against a real daemon's admin listener whose
 * certificate is the usual self-signed kind: a certificate for {@code localhost} alone in its
 * file, its issuer nowhere to be seen, so nothing but that very certificate can vouch for it. The
 * CLI trusts the certificate {@code admin.tls} names, or {@code --cacert}; a certificate it cannot
 * trust, or one for other names than the URL's host, is a message that says what to do.
 */
class DaemonCommandsOverHttpsTest {
    private static final String NAME = "localhost";

    @TempDir
    static Path dir;

    private static PostboxDaemon daemon;
    private static Path certificate;
    private static int port;
    /** The CLI with the daemon's configuration, admin.listen naming the port it bound. */
    private static Cli cli;
    /** The CLI with a configuration of the store only: no admin section, no certificate to trust. */
    private static Cli storeOnly;
    private static Path tokenFile;

    @BeforeAll
    static void start() throws Exception {
        Leaf leaf = TestCertificates.authority("Postbox Admin Test CA").issue(NAME);
        certificate = dir.resolve("admin.pem");
        Path key = dir.resolve("admin.key");
        Files.writeString(certificate, TestCertificates.pem(List.of(leaf.certificate())));
        Files.writeString(key, leaf.keyPem(KeyFormat.PKCS8));
        String store = String.join("\n",
                "store:",
                "  type: maildir",
                "  path: " + dir.resolve("mail"),
                "  fsync: false", "");
        String tls = String.join("\n",
                "  tls:",
                "    certificates:",
                "      - cert: " + certificate,
                "        key: " + key, "");
        daemon = PostboxDaemon.start(PostboxConfig.parse(String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: 0",
                "metrics:",
                "  enabled: false",
                "admin:",
                "  listen: 127.0.0.1:0", "") + tls + store, "test"));
        port = daemon.adminAddress().orElseThrow().getPort();
        cli = new Cli(Files.writeString(dir.resolve("postbox.yaml"),
                "admin:\n  listen: 127.0.0.1:" + port + "\n" + tls + store));
        storeOnly = new Cli(Files.writeString(dir.resolve("store-only.yaml"), store));
        Cli.Result token = cli.run("admin-token", "create", "ops", "--scope", "write", "--json");
        assertThat(token.exitCode()).as(token.err()).isZero();
        tokenFile = Files.writeString(dir.resolve("token"),
                new ObjectMapper().readTree(token.out()).path("secret").asText() + "\n");
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static String url() {
        return "https://" + NAME + ":" + port;
    }

    @Test
    void theCertificateAdminTlsNamesIsTrustedWithoutBeingAskedFor() {
        Cli.Result who = cli.run("who", "--url", url(), "--token-file", tokenFile.toString());
        assertThat(who.exitCode()).as(who.err()).isZero();
        assertThat(who.out()).startsWith("ID  PROTOCOL  ADDRESS  CLIENT  SINCE  TLS\n");

        // The files read again are in use: the daemon does not tell a reload of the same files apart.
        assertThat(cli.run("reload", "--url", url(), "--token-file", tokenFile.toString()))
                .isEqualTo(new Cli.Result(0, "reloaded: certificates unchanged\n", ""));
    }

    @Test
    void theUrlFromAdminListenHoldsAnAddressTheCertificateIsNotForAndTheErrorSaysWhichUrlWill() {
        Cli.Result result = cli.run("who", "--token-file", tokenFile.toString());

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).isEqualTo("postbox: the certificate of postboxd's admin API is for localhost, not"
                + " 127.0.0.1, the host of https://127.0.0.1:" + port + "; use --url https://localhost:" + port
                + " (that name must lead to the admin listener's address, e.g. through /etc/hosts)\n");
    }

    @Test
    void cacertTrustsTheCertificateWhereNoConfigurationNamesIt() {
        Cli.Result result = storeOnly.run("reload", "--url", url(), "--cacert", certificate.toString(),
                "--token-file", tokenFile.toString());

        assertThat(result).isEqualTo(new Cli.Result(0, "reloaded: certificates unchanged\n", ""));
    }

    @Test
    void withoutCacertOnlyTheJdksCasAreTrustedAndTheErrorSaysToGiveIt() {
        Cli.Result result = storeOnly.run("who", "--url", url(), "--token-file", tokenFile.toString());

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).startsWith("postbox: postboxd's admin API at " + url() + " shows a certificate not"
                + " signed by the JDK's trusted CAs (subject CN=localhost, issuer CN=Postbox Admin Test CA);"
                + " give --cacert FILE");
    }

    @Test
    void cacertTrustsOnlyWhatItHolds() throws Exception {
        Path other = dir.resolve("other.pem");
        TestCertificates.authority("Someone Else's CA").write(other);

        Cli.Result result = cli.run("who", "--url", url(), "--cacert", other.toString(), "--token-file",
                tokenFile.toString());

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).contains("not signed by --cacert " + other, "give --cacert FILE");
    }

    @Test
    void aCacertThatIsMissingOrNoCertificateIsRefusedBeforeAnythingIsSent() throws Exception {
        Cli.Result missing = cli.run("who", "--url", url(), "--cacert", dir.resolve("nothing.pem").toString(),
                "--token-file", tokenFile.toString());
        assertThat(missing.exitCode()).isEqualTo(66);
        assertThat(missing.err()).startsWith("postbox: --cacert " + dir.resolve("nothing.pem") + ": no such file");

        Path text = Files.writeString(dir.resolve("not-a-certificate.pem"), "hello\n");
        Cli.Result notPem = cli.run("who", "--url", url(), "--cacert", text.toString(), "--token-file",
                tokenFile.toString());
        assertThat(notPem.exitCode()).isEqualTo(65);
        assertThat(notPem.err()).startsWith("postbox: --cacert " + text + ": not PEM certificates");
    }
}
