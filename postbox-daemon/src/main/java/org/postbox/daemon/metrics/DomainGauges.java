package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postbox.config.MetricsConfig;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-tenant gauges: storage used and its limit, mailboxes and messages of each domain, tagged
 * {@code domain}. Read from the store on a timer, never per scrape, and for the first
 * {@code max-domains} domains by name only, so that the number of series stays bounded and
 * stable; {@code postbox_domains} tells how many there are in all.
 */
final class DomainGauges {

    private static final Logger LOG = LoggerFactory.getLogger(DomainGauges.class);

    /** What the gauges show for one domain. */
    record Figures(String domain, long storedOctets, long storageLimit, long mailboxes, long messages) {
    }

    private final Directory directory;
    private final MetricsConfig.PerDomain config;
    private final AtomicInteger domains = new AtomicInteger();
    private final MultiGauge used;
    private final MultiGauge limit;
    private final MultiGauge mailboxes;
    private final MultiGauge messages;
    private boolean failing;
    private boolean warnedCap;

    DomainGauges(Directory directory, MetricsConfig.PerDomain config, MeterRegistry registry) {
        this.directory = directory;
        this.config = config;
        Gauge.builder(MeterNames.DOMAINS, domains, AtomicInteger::get)
                .description("Domains (tenants) in the store, as of the last per-domain refresh")
                .strongReference(true).register(registry);
        used = MultiGauge.builder(MeterNames.DOMAIN_STORAGE_USED).baseUnit("bytes")
                .description("Octets stored by all mailboxes of the domain").register(registry);
        limit = MultiGauge.builder(MeterNames.DOMAIN_STORAGE_LIMIT).baseUnit("bytes")
                .description("The domain's storage quota; absent when it has none").register(registry);
        mailboxes = MultiGauge.builder(MeterNames.DOMAIN_MAILBOXES)
                .description("Mailboxes of the domain").register(registry);
        messages = MultiGauge.builder(MeterNames.DOMAIN_MESSAGES)
                .description("Messages stored in all mailboxes of the domain").register(registry);
    }

    /** Refreshes now, then every refresh-interval, on {@code timer}. */
    void start(ScheduledExecutorService timer) {
        long interval = config.refreshInterval().toMillis();
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (failing) {
                LOG.info("per-domain metrics are up to date again");
                failing = false;
            }
        } catch (StoreException e) {
            // One line per outage, not one per refresh; the gauges keep their last values.
            if (!failing) {
                LOG.warn("cannot refresh the per-domain metrics: {}", e.getMessage());
                failing = true;
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and carry on.
            LOG.error("refreshing the per-domain metrics failed", e);
        }
    }

    /** Reads the figures of the tracked domains and publishes them. */
    void refresh() {
        List<Domain> all = directory.domains();
        domains.set(all.size());
        if (all.size() > config.maxDomains() && !warnedCap) {
            LOG.warn("{} domains but metrics.per-domain.max-domains is {}: only the first {} by name have per-domain"
                    + " metrics", all.size(), config.maxDomains(), config.maxDomains());
            warnedCap = true;
        }
        List<Figures> figures = new ArrayList<>();
        for (Domain domain : all.subList(0, Math.min(all.size(), config.maxDomains()))) {
            figures.add(figuresOf(domain));
        }
        publish(figures);
    }

    private Figures figuresOf(Domain domain) {
        DomainQuotaReport report = directory.domainQuota(domain.name());
        return new Figures(domain.name(), report.usage().storedOctets(), report.limit().storageOctets(),
                report.mailboxes(), report.usage().messages());
    }

    private void publish(List<Figures> figures) {
        List<MultiGauge.Row<?>> usedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> limitRows = new ArrayList<>();
        List<MultiGauge.Row<?>> mailboxRows = new ArrayList<>();
        List<MultiGauge.Row<?>> messageRows = new ArrayList<>();
        for (Figures f : figures) {
            Tags tags = Tags.of("domain", f.domain());
            usedRows.add(MultiGauge.Row.of(tags, f.storedOctets()));
            if (f.storageLimit() > 0) {
                limitRows.add(MultiGauge.Row.of(tags, f.storageLimit()));
            }
            mailboxRows.add(MultiGauge.Row.of(tags, f.mailboxes()));
            messageRows.add(MultiGauge.Row.of(tags, f.messages()));
        }
        // overwrite: a domain removed since the last refresh loses its series.
        used.register(usedRows, true);
        limit.register(limitRows, true);
        mailboxes.register(mailboxRows, true);
        messages.register(messageRows, true);
    }
}
