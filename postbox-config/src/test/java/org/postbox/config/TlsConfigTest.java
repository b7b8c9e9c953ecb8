package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code tls:} section and {@code listeners[].tls}. */
class TlsConfigTest {

    private static final String CERTIFICATES = """
            tls:
              certificates:
                - cert: /etc/letsencrypt/live/mail.example.com/fullchain.pem
                  key: /etc/letsencrypt/live/mail.example.com/privkey.pem
                - cert: certs/other.pem
                  key: certs/other.key
                  names: [Mail.Example.ORG, "*.example.net"]
              default: mail.example.org
              reload-interval: 30s
            """;

    @Test
    void withoutCertificatesListenersSpeakNoTls() {
        PostboxConfig c = PostboxConfig.defaults();
        assertThat(c.tls().configured()).isFalse();
        assertThat(c.tls().reloadInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.listeners()).singleElement().extracting(ListenerConfig::tls).isEqualTo(TlsMode.NONE);
    }

    @Test
    void readsCertificatesWithPathsRelativeToTheInstallation() {
        PostboxConfig c = PostboxConfig.parse(CERTIFICATES, "test");
        Path base = PostboxConfig.baseDir();
        assertThat(c.tls().certificates()).containsExactly(
                new CertificateConfig("tls.certificates[0]",
                        Path.of("/etc/letsencrypt/live/mail.example.com/fullchain.pem"),
                        Path.of("/etc/letsencrypt/live/mail.example.com/privkey.pem"), List.of()),
                new CertificateConfig("tls.certificates[1]", base.resolve("certs/other.pem"),
                        base.resolve("certs/other.key"), List.of("mail.example.org", "*.example.net")));
        assertThat(c.tls().defaultName()).contains("mail.example.org");
        assertThat(c.tls().reloadInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withCertificatesListenersDefaultToStartTls() {
        PostboxConfig c = PostboxConfig.parse(CERTIFICATES, "test");
        assertThat(c.listeners()).singleElement().extracting(ListenerConfig::tls).isEqualTo(TlsMode.STARTTLS);

        PostboxConfig both = PostboxConfig.parse(CERTIFICATES + """
                listeners:
                  - name: pop3
                    port: 110
                  - name: pop3s
                    port: 995
                    tls: implicit
                  - name: internal
                    port: 1110
                    tls: None
                """, "test");
        assertThat(both.listeners()).extracting(ListenerConfig::tls)
                .containsExactly(TlsMode.STARTTLS, TlsMode.IMPLICIT, TlsMode.NONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "implicit | listeners[0].tls: 'implicit' needs a certificate: add tls.certificates with the cert and key files, or set tls: none",
            "starttls | listeners[0].tls: 'starttls' needs a certificate: add tls.certificates with the cert and key files, or set tls: none",
            "always | listeners[0].tls: 'always' is not a TLS mode; use none, starttls or implicit"})
    void aTlsModeNeedsCertificates(String mode, String message) {
        assertThatThrownBy(() -> PostboxConfig.parse("listeners:\n  - tls: " + mode + "\n", "test"))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aCertificateNeedsBothFiles() {
        assertThatThrownBy(() -> PostboxConfig.parse("tls:\n  certificates:\n    - cert: a.pem\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls.certificates[0].key: missing; give the private key, e.g. /etc/letsencrypt/live/<host>/privkey.pem");
        assertThatThrownBy(() -> PostboxConfig.parse("tls:\n  certificates:\n    - key: a.pem\n", "test"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("tls.certificates[0].cert: missing;");
    }

    @Test
    void rejectsBadNamesUnknownKeysAndADefaultWithoutCertificates() {
        assertThatThrownBy(() -> PostboxConfig.parse(
                "tls:\n  certificates:\n    - {cert: a, key: b, names: [\"mail example\"]}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.certificates[0].names[0]: 'mail example' is not a host name;");
        assertThatThrownBy(() -> PostboxConfig.parse(
                "tls:\n  certificates:\n    - {cert: a, key: b, names: [\"*.com\"]}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.certificates[0].names[0]: '*.com' is not a host name;");
        assertThatThrownBy(() -> PostboxConfig.parse(
                "tls:\n  certificates:\n    - {cert: a, key: b, chain: c}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls.certificates[0].chain: unknown key; known keys here: cert, key, names");
        assertThatThrownBy(() -> PostboxConfig.parse("tls:\n  default: mail.example.com\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls.default: there are no tls.certificates to choose from; add certificates or remove this key");
    }

    @Test
    void zeroDisablesPollingForChanges() {
        PostboxConfig c = PostboxConfig.parse("tls:\n  certificates: [{cert: a, key: b}]\n  reload-interval: 0s\n", "test");
        assertThat(c.tls().reloadInterval()).isZero();
        assertThat(c.tls().defaultName()).isEqualTo(Optional.empty());
    }
}
