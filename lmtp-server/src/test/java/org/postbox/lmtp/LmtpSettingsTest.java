package org.postbox.lmtp;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LmtpSettingsTest {

    private static final Path SPOOL = Path.of("/var/spool/postbox");

    @Test
    void hasTheDocumentedDefaults() {
        LmtpSettings settings = LmtpSettings.defaults("mail.example.com", SPOOL);
        assertThat(settings.maxLineLength()).isEqualTo(512);
        assertThat(settings.maxMessageSize()).isEqualTo(50L * 1024 * 1024);
        assertThat(settings.maxRecipients()).isEqualTo(100);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.overQuotaTemporary()).isFalse();
    }

    @Test
    void namesTheSettingThatIsWrong() {
        assertThatThrownBy(() -> with("mail example", 512, 1, 1, 0, Duration.ofSeconds(1), 1))
                .hasMessageContaining("hostname must be a DNS name");
        assertThatThrownBy(() -> with("mail.example.com", 511, 1, 1, 0, Duration.ofSeconds(1), 1))
                .hasMessageContaining("maxLineLength must be at least 512");
        assertThatThrownBy(() -> with("mail.example.com", 512, 0, 1, 0, Duration.ofSeconds(1), 1))
                .hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> with("mail.example.com", 512, 1, 0, 0, Duration.ofSeconds(1), 1))
                .hasMessageContaining("maxRecipients");
        assertThatThrownBy(() -> with("mail.example.com", 512, 1, 1, -1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("maxBadCommands");
        assertThatThrownBy(() -> with("mail.example.com", 512, 1, 1, 0, Duration.ZERO, 1))
                .hasMessageContaining("idleTimeout must be positive");
        assertThatThrownBy(() -> with("mail.example.com", 512, 1, 1, 0, Duration.ofSeconds(1), 0))
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> new LmtpSettings("mail.example.com", 512, 1, 1, 0, Duration.ofSeconds(1), 1, false, null))
                .hasMessageContaining("spoolDirectory");
    }

    private static LmtpSettings with(String hostname, int maxLineLength, long maxMessageSize, int maxRecipients,
                                     int maxBadCommands, Duration idleTimeout, int maxConnections) {
        return new LmtpSettings(hostname, maxLineLength, maxMessageSize, maxRecipients, maxBadCommands, idleTimeout,
                maxConnections, false, SPOOL);
    }
}
