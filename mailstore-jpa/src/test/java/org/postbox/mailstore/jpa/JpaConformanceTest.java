package org.postbox.mailstore.jpa;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.conformance.MailStoreConformanceTest;
import org.postbox.mailstore.conformance.StoreLocation;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * The whole SPI contract against PostgreSQL, a fresh database per test. The lease is short so
 * that the tests of crashed lock holders wait seconds, not a minute; the child JVM of the
 * cross-process tests gets the same settings.
 */
class JpaConformanceTest extends MailStoreConformanceTest {

    private static final Duration LEASE = Duration.ofSeconds(4);

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Override
    protected StoreLocation prepareEmptyStore() {
        return new StoreLocation("jpa",
                POSTGRES.createDatabase().storeSettings(Map.of("lease", LEASE.toSeconds() + "s", "pool-size", 12)),
                scratchDirectory());
    }

    @Override
    public Duration staleLockRecovery() {
        return LEASE;
    }
}
