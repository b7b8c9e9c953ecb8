package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LmtpListenerKeysTest {

    @Test
    void anLmtpListenerGetsItsDefaults() {
        PostboxConfig c = PostboxConfig.parse("""
                listeners:
                  - protocol: pop3
                  - protocol: lmtp
                """, "postbox.yaml");
        ListenerConfig lmtp = c.listeners().get(1);
        assertThat(lmtp.name()).isEqualTo("lmtp");
        assertThat(lmtp.address()).isEqualTo("127.0.0.1");
        assertThat(lmtp.port()).isEqualTo(2424);
        assertThat(lmtp.tls()).isEqualTo(TlsMode.NONE);
        assertThat(lmtp.lmtp()).hasValueSatisfying(keys -> {
            assertThat(keys.maxMessageSize()).isEqualTo(50L * 1024 * 1024);
            assertThat(keys.maxRecipients()).isEqualTo(100);
            assertThat(keys.overQuotaTemporary()).isFalse();
            assertThat(keys.hostname()).isEmpty();
            assertThat(keys.spoolDirectory()).isEqualTo(PostboxConfig.baseDir().resolve("spool"));
            assertThat(keys.maxConnections()).isEqualTo(100);
            assertThat(keys.maxBadCommands()).isEqualTo(10);
            assertThat(keys.maxLineLength()).isEqualTo(512);
            assertThat(keys.idleTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
            assertThat(keys.duplicateWindow()).isEqualTo(java.time.Duration.ofDays(1));
        });
        assertThat(c.listeners().get(0).lmtp()).isEmpty();
    }

    @Test
    void readsEveryLmtpKey() {
        PostboxConfig c = PostboxConfig.parse("""
                listeners:
                  - name: delivery
                    protocol: LMTP
                    address: "::1"
                    port: 24
                    max-message-size: 20M
                    max-recipients: 500
                    over-quota: temporary
                    hostname: Mail.Example.COM
                    spool-directory: /var/spool/postbox
                    max-connections: 20
                    max-bad-commands: 0
                    max-line-length: 1000
                    idle-timeout: 90s
                    duplicate-window: 0s
                """, "postbox.yaml");
        ListenerConfig lmtp = c.listeners().get(0);
        assertThat(lmtp.name()).isEqualTo("delivery");
        assertThat(lmtp.port()).isEqualTo(24);
        assertThat(lmtp.isLmtp()).isTrue();
        LmtpListenerConfig keys = lmtp.lmtp().orElseThrow();
        assertThat(keys.maxMessageSize()).isEqualTo(20L * 1024 * 1024);
        assertThat(keys.maxRecipients()).isEqualTo(500);
        assertThat(keys.overQuotaTemporary()).isTrue();
        assertThat(keys.hostname()).isEqualTo(Optional.of("mail.example.com"));
        assertThat(keys.spoolDirectory()).hasToString("/var/spool/postbox");
        assertThat(keys.maxConnections()).isEqualTo(20);
        assertThat(keys.maxBadCommands()).isZero();
        assertThat(keys.maxLineLength()).isEqualTo(1000);
        assertThat(keys.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(keys.duplicateWindow()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1024|1024",
            "512K|524288",
            "50m|52428800",
            "2G|2147483648",
            "4G|4294967296",
    })
    void sizesTakeBinarySuffixes(String text, long octets) {
        PostboxConfig c = PostboxConfig.parse("listeners: [{protocol: lmtp, max-message-size: " + text + "}]", "f");
        assertThat(c.listeners().get(0).lmtp().orElseThrow().maxMessageSize()).isEqualTo(octets);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "max-message-size: 50X|listeners[0].max-message-size: '50X' is not a size",
            "max-message-size: 5G|listeners[0].max-message-size: 5368709120 octets is out of range",
            "max-message-size: 1000|listeners[0].max-message-size: 1000 octets is out of range",
            "max-message-size: 999999999999999G|listeners[0].max-message-size: '999999999999999G' is too large",
            "max-recipients: 0|listeners[0].max-recipients: 0 is out of range",
            "over-quota: sometimes|listeners[0].over-quota: 'sometimes' is not allowed; use permanent",
            "hostname: 'not a name'|listeners[0].hostname: 'not a name' is not a host name",
            "hostname: '*.example.com'|listeners[0].hostname: '*.example.com' is a wildcard",
            "spool-directory: ' '|listeners[0].spool-directory: is empty",
            "max-connections: 0|listeners[0].max-connections: 0 is out of range",
            "max-bad-commands: -1|listeners[0].max-bad-commands: -1 is out of range",
            "max-line-length: 511|listeners[0].max-line-length: 511 is out of range",
            "idle-timeout: 5s|listeners[0].idle-timeout: ",
            "tls: starttls|listeners[0].tls: unknown key",
            "default-domain: example.com|listeners[0].default-domain: unknown key",
    })
    void badLmtpKeysAreNamed(String line, String expected) {
        assertThatThrownBy(() -> PostboxConfig.parse("listeners:\n  - protocol: lmtp\n    " + line + "\n", "f"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void lmtpKeysOnAPop3ListenerAreUnknown() {
        assertThatThrownBy(() -> PostboxConfig.parse("listeners:\n  - protocol: pop3\n    over-quota: temporary\n", "f"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listeners[0].over-quota: unknown key");
    }

    @Test
    void anLmtpListenerCannotShareAPop3ListenersPort() {
        assertThatThrownBy(() -> PostboxConfig.parse("""
                listeners:
                  - protocol: pop3
                    port: 2424
                  - protocol: lmtp
                """, "f"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listeners[1].port: 127.0.0.1:2424 is bound twice");
    }

    @Test
    void aDuplicateWindowOfMoreThanADayIsRefused() {
        assertThatThrownBy(() -> PostboxConfig.parse("""
                listeners:
                  - protocol: lmtp
                    duplicate-window: 25h
                """, "postbox.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("duplicate-window");
    }
}
