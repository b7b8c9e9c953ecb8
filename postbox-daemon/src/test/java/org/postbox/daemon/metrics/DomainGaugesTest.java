package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.MetricsConfig;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageSource;

/** Per-domain gauges: capped to the first domains by name. */
class DomainGaugesTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void onlyTheFirstDomainsByNameGetGaugesAndAllAreCounted() {
        try (MailStore store = MailStoreProvider.forType("maildir").open(Map.of("path", dir.toString(), "fsync", false), dir)) {
            for (String domain : List.of("c.example", "a.example", "b.example")) {
                store.directory().addDomain(domain);
                MailboxAddress user = MailboxAddress.parse("user@" + domain);
                store.directory().addMailbox(user, "{PLAIN}x");
                store.deliver(List.of(user), MessageSource.of("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
            store.directory().setDomainQuota("a.example", new DomainQuota(5000, 0));
            DomainGauges gauges = new DomainGauges(store.directory(), new MetricsConfig.PerDomain(true, 2, Duration.ofMinutes(1)),
                    registry);

            gauges.refresh();

            assertThat(registry.get(MeterNames.DOMAINS).gauge().value()).isEqualTo(3);
            assertThat(byDomain(MeterNames.DOMAIN_MESSAGES)).isEqualTo(Map.of("a.example", 1.0, "b.example", 1.0));
            assertThat(byDomain(MeterNames.DOMAIN_MAILBOXES)).isEqualTo(Map.of("a.example", 1.0, "b.example", 1.0));
            assertThat(byDomain(MeterNames.DOMAIN_STORAGE_LIMIT)).isEqualTo(Map.of("a.example", 5000.0));
            assertThat(byDomain(MeterNames.DOMAIN_STORAGE_USED).get("a.example")).isEqualTo(17.0);

            store.directory().removeMailbox(MailboxAddress.parse("user@a.example"));
            store.directory().setDomainQuota("a.example", DomainQuota.UNLIMITED);
            store.directory().removeDomain("a.example");
            gauges.refresh();

            assertThat(registry.get(MeterNames.DOMAINS).gauge().value()).isEqualTo(2);
            assertThat(byDomain(MeterNames.DOMAIN_MESSAGES)).isEqualTo(Map.of("b.example", 1.0, "c.example", 1.0));
            assertThat(byDomain(MeterNames.DOMAIN_STORAGE_LIMIT)).isEmpty();
        }
    }

    private Map<String, Double> byDomain(String name) {
        return registry.find(name).gauges().stream()
                .collect(Collectors.toMap(gauge -> gauge.getId().getTag("domain"), Gauge::value));
    }
}
