package org.postbox.mailstore.jpa;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.QuotaUsage;
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

    /** Usage counters changed behind the store's back, as a hand-made repair might leave them. */
    @Override
    protected void injectUsageDrift(StoreLocation location, MailboxAddress address, QuotaUsage wrong) throws Exception {
        Map<String, Object> settings = location.settings();
        try (Connection connection = DriverManager.getConnection((String) settings.get("url"), (String) settings.get("user"),
                (String) settings.getOrDefault("password", ""));
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE mailboxes SET message_count = ?, stored_octets = ?
                      WHERE local_part = ? AND domain_id = (SELECT id FROM domains WHERE name = ?)""")) {
            update.setLong(1, wrong.messages());
            update.setLong(2, wrong.storedOctets());
            update.setString(3, address.localPart());
            update.setString(4, address.domain());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no mailbox " + address + " to inject drift into");
            }
        }
    }
}
