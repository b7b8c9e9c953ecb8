package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code metrics:} section and {@code logging.format}. */
class ObservabilityKeysTest {

    @Test
    void defaultsServeMetricsOnLoopbackWithoutPerDomainGauges() {
        PostboxConfig c = PostboxConfig.defaults();
        assertThat(c.metrics()).isEqualTo(MetricsConfig.DEFAULTS);
        assertThat(c.metrics().enabled()).isTrue();
        assertThat(c.metrics().address()).isEqualTo("127.0.0.1");
        assertThat(c.metrics().port()).isEqualTo(9110);
        assertThat(c.metrics().perDomain().enabled()).isFalse();
        assertThat(c.metrics().perDomain().maxDomains()).isEqualTo(100);
        assertThat(c.metrics().perDomain().refreshInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.logging().format()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void readsEveryKey() {
        PostboxConfig c = PostboxConfig.parse("""
                metrics:
                  enabled: true
                  address: "::1"
                  port: 9999
                  per-domain:
                    enabled: true
                    max-domains: 20
                    refresh-interval: 30s
                logging:
                  level: debug
                  format: JSON
                """, "test");
        assertThat(c.metrics()).isEqualTo(new MetricsConfig(true, "::1", 9999,
                new MetricsConfig.PerDomain(true, 20, Duration.ofSeconds(30))));
        assertThat(c.logging()).isEqualTo(new LoggingConfig("debug", LogFormat.JSON));
    }

    @Test
    void canBeTurnedOff() {
        PostboxConfig c = PostboxConfig.parse("metrics: {enabled: false}\n", "test");
        assertThat(c.metrics().enabled()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics: {address: localhost}                      | metrics.address",
            "metrics: {port: 70000}                              | metrics.port",
            "metrics: {enabled: maybe}                           | metrics.enabled",
            "metrics: {prot: 1}                                  | metrics.prot",
            "metrics: {per-domain: {max-domains: 0}}             | metrics.per-domain.max-domains",
            "metrics: {per-domain: {refresh-interval: 1s}}       | metrics.per-domain.refresh-interval",
            "metrics: {per-domain: {domains: 3}}                 | metrics.per-domain.domains",
            "logging: {format: xml}                              | logging.format",
    })
    void namesTheKeyOfABadValue(String yaml, String key) {
        assertThatThrownBy(() -> PostboxConfig.parse(yaml + "\n", "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }

    @Test
    void refusesThePortOfAListener() {
        assertThatThrownBy(() -> PostboxConfig.parse("""
                listeners:
                  - {name: pop3, address: 127.0.0.1, port: 9110}
                """, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.port")
                .hasMessageContaining("listeners[0] (pop3)");
    }

    @Test
    void aListenerMayShareThePortWhenMetricsAreOff() {
        PostboxConfig c = PostboxConfig.parse("""
                listeners:
                  - {name: pop3, address: 127.0.0.1, port: 9110}
                metrics: {enabled: false}
                """, "test");
        assertThat(c.listeners().get(0).port()).isEqualTo(9110);
    }
}
