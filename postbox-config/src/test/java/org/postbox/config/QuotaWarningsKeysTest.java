package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.warnings.QuotaThresholds;

/** The {@code quota-warnings:} section. */
class QuotaWarningsKeysTest {

    @Test
    void defaultsWarnAtEightyAndNinetyFivePercentWithTheBuiltInText() {
        QuotaWarningsConfig c = PostboxConfig.defaults().quotaWarnings();
        assertThat(c).isEqualTo(QuotaWarningsConfig.DEFAULTS);
        assertThat(c.thresholds().percents()).containsExactly(80, 95);
        assertThat(c.templates()).isEmpty();
        assertThat(c.sender()).isEmpty();
    }

    @Test
    void readsEveryKey(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectory(dir.resolve("warnings"));
        PostboxConfig c = PostboxConfig.parse("""
                quota-warnings:
                  thresholds: [95, 50, 90]
                  templates: %s
                  sender: quota@example.net
                """.formatted(templates), "test");
        assertThat(c.quotaWarnings()).isEqualTo(new QuotaWarningsConfig(new QuotaThresholds(List.of(50, 90, 95)),
                Optional.of(templates), Optional.of(MailboxAddress.parse("quota@example.net"))));
    }

    @Test
    void anEmptyListTurnsWarningsOff() {
        PostboxConfig c = PostboxConfig.parse("quota-warnings: {thresholds: []}\n", "test");
        assertThat(c.quotaWarnings().thresholds().off()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "quota-warnings: {thresholds: [80, 0]}        | quota-warnings.thresholds[1]",
            "quota-warnings: {thresholds: [101]}          | quota-warnings.thresholds[0]",
            "quota-warnings: {thresholds: [eighty]}       | quota-warnings.thresholds[0]",
            "quota-warnings: {templates: /no/such/dir}    | quota-warnings.templates",
            "quota-warnings: {sender: postmaster}         | quota-warnings.sender",
            "quota-warnings: {threshold: [80]}            | quota-warnings.threshold",
    })
    void rejectsBadValuesNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> PostboxConfig.parse(yaml, "test"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
}
