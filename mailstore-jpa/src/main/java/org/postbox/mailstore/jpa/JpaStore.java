package org.postbox.mailstore.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.MailboxHistory;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.UsageChange;
import org.postbox.mailstore.SweepOutcome;
import org.postbox.mailstore.spi.OpenMaildrops;
import org.postbox.mailstore.spi.RecipientExpansion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail store in PostgreSQL, shared by any number of daemons and CLI runs: domains, mailboxes
 * and messages in one schema, maildrop locks as leases on the database clock. One instance per
 * process; thread-safe.
 */
public final class JpaStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(JpaStore.class);

    private static final String MAILBOX = """
            SELECT m.id, m.uid_validity, m.message_count, m.expire_days, d.expire_days, d.hold_days,
                   d.held_counts_toward_quota
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";
    // Served by messages_listing_idx alone (an index-only scan), in delivery (and import) order.
    // Held messages are in no snapshot.
    private static final String LISTING = """
            SELECT id, crlf_size, uidl FROM messages WHERE mailbox_id = ? AND held_at IS NULL ORDER BY id""";
    private static final int LISTING_FETCH_SIZE = 10_000;
    // Held rows past the hold (a NULL cutoff: every held row), through messages_held_idx.
    private static final String HELD_DUE = """
            SELECT EXISTS (SELECT 1 FROM messages WHERE mailbox_id = m.id AND held_at IS NOT NULL
                              AND held_at < coalesce(?::timestamptz, 'infinity'))
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";
    // Retrieved rows past the expire, through messages_retrieved_idx.
    private static final String EXPIRED_DUE = """
            SELECT EXISTS (SELECT 1 FROM messages WHERE mailbox_id = m.id AND held_at IS NULL
                              AND retrieved_at IS NOT NULL AND retrieved_at < ?)
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";

    private final Database database;
    private final MaildropLeases leases;
    private final JpaDirectory directory;
    private final JpaDelivery delivery;
    private final JpaAdminTokens adminTokens;
    private final JpaHistory history;
    private final ScheduledExecutorService renewals;
    private final OpenMaildrops<JpaMaildrop> openMaildrops = new OpenMaildrops<>("jpa");

    /**
     * Connects, brings the schema up to date and starts renewing leases.
     *
     * @throws org.postbox.mailstore.StoreConfigException if the database refuses the settings
     * @throws StoreUnavailableException                  if it cannot be reached now
     */
    public static JpaStore open(JpaSettings settings) {
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "postbox-jpa-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return new JpaStore(settings, renewals);
        } catch (RuntimeException e) {
            renewals.shutdownNow();
            throw e;
        }
    }

    /** With the executor that renews its leases; the store shuts it down when closed. */
    JpaStore(JpaSettings settings, ScheduledExecutorService renewals) {
        this.database = Database.open(settings);
        this.leases = new MaildropLeases(database, settings.lease());
        this.directory = new JpaDirectory(database, leases);
        this.delivery = new JpaDelivery(database);
        this.adminTokens = new JpaAdminTokens(database);
        this.history = new JpaHistory(database);
        this.renewals = renewals;
        long period = leases.renewalPeriod().toMillis();
        renewals.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        LOG.info("jpa store at {} (pool {}, maildrop lease {})", Database.redacted(settings.url()),
                settings.poolSize(), settings.lease());
    }

    /** The connection pool's figures (HikariCP's names: {@code hikaricp.connections.active}, ...). */
    @Override
    public List<StoreMeter> meters() {
        return database.meters();
    }

    @Override
    public Directory directory() {
        openMaildrops.checkStoreOpen();
        return directory;
    }

    @Override
    public AdminTokens adminTokens() {
        openMaildrops.checkStoreOpen();
        return adminTokens;
    }

    @Override
    public MailboxHistory history() {
        openMaildrops.checkStoreOpen();
        return history;
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        return openMaildrop(address);
    }

    /** Imports hold the maildrop's lease as a session does: each is a maildrop opened for it ({@link JpaImport}). */
    @Override
    public MessageImporter importer() {
        return address -> new JpaImport(database, leases, openMaildrop(address));
    }

    private JpaMaildrop openMaildrop(MailboxAddress address) {
        openMaildrops.checkStoreOpen();
        String owner = leases.newOwner();
        Opened opened = database.inTransaction("open the maildrop of " + address, connection -> {
            MailboxRef mailbox = mailbox(connection, address)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address));
            long mailboxId = mailbox.id();
            if (!acquire(connection, mailboxId, owner, address)) {
                return new Opened(mailboxId, null, null, null);
            }
            // A rename holds the lease while it runs; if we waited for one, the address is no longer this mailbox's.
            MailboxRef locked = mailbox(connection, address).filter(again -> again.id() == mailboxId)
                    .orElseThrow(() -> new NoSuchMailboxException("mailbox " + address + " was renamed meanwhile"));
            return new Opened(mailboxId, new MaildropLeases.Lease(mailboxId, address, owner), list(connection, locked),
                    locked.retention());
        });
        if (opened.lease() == null) {
            throw new MaildropLockedException("the maildrop of " + address + " is in use" + holderOf(opened.mailboxId()));
        }
        leases.track(opened.lease());
        return openMaildrops.add(new JpaMaildrop(database, leases, opened.lease(), opened.snapshot(),
                opened.retention(), openMaildrops::remove));
    }

    /** What opening found: no lease when another session holds the maildrop. */
    private record Opened(long mailboxId, MaildropLeases.Lease lease, MaildropSnapshot snapshot,
                          MailboxRetention retention) {
    }

    /** A mailbox row: its id, uid validity and message counter (which sizes the snapshot). */
    private record MailboxRef(long id, long uidValidity, int messageCount, MailboxRetention retention) {
    }

    private static Optional<MailboxRef> mailbox(Connection connection, MailboxAddress address) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(MAILBOX)) {
            select.setString(1, address.domain());
            select.setString(2, address.localPart());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                MailboxRetention retention = new MailboxRetention(address, JpaDirectory.expire(row, 4),
                        new DomainRetention(JpaDirectory.expire(row, 5).orElse(Expire.NEVER), row.getInt(6), row.getBoolean(7)));
                return Optional.of(new MailboxRef(row.getLong(1), row.getLong(2), row.getInt(3), retention));
            }
        }
    }

    private boolean acquire(Connection connection, long mailboxId, String owner, MailboxAddress address) throws SQLException {
        try {
            return leases.tryAcquire(connection, mailboxId, owner);
        } catch (SQLException e) {
            if (StoreFailures.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new NoSuchMailboxException("mailbox " + address + " was removed meanwhile");
            }
            throw e;
        }
    }

    private static MaildropSnapshot list(Connection connection, MailboxRef mailbox) throws SQLException {
        MaildropSnapshot.Builder snapshot = new MaildropSnapshot.Builder(mailbox.uidValidity(), mailbox.messageCount());
        try (PreparedStatement select = connection.prepareStatement(LISTING)) {
            select.setFetchSize(LISTING_FETCH_SIZE);
            select.setLong(1, mailbox.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    snapshot.add(rows.getLong(1), rows.getLong(2), rows.getString(3));
                }
            }
        }
        return snapshot.build();
    }

    @Override
    public SweepOutcome sweepRetention(MailboxAddress address, Instant now, int limit) {
        openMaildrops.checkStoreOpen();
        // Without the lease: a mailbox with nothing due is not locked at all.
        MailboxRetention retention = directory.mailboxRetention(address);
        Optional<Instant> expireCutoff = retention.expire().cutoff(now);
        Instant purgeCutoff = retention.domain().purgeCutoff(now);
        boolean due = database.inTransaction("look for mail due in " + address, connection -> {
            if (expireCutoff.isPresent() && exists(connection, EXPIRED_DUE, address,
                    OffsetDateTime.ofInstant(expireCutoff.get(), ZoneOffset.UTC))) {
                return true;
            }
            return exists(connection, HELD_DUE, address, purgeCutoff.equals(Instant.MAX) ? null
                    : OffsetDateTime.ofInstant(purgeCutoff, ZoneOffset.UTC));
        });
        if (!due) {
            return SweepOutcome.NONE;
        }
        try (JpaMaildrop maildrop = openMaildrop(address)) {
            return maildrop.sweep(now, limit);
        }
    }

    @Override
    public int undelete(MailboxAddress address, Optional<Instant> since) {
        try (JpaMaildrop maildrop = openMaildrop(address)) {
            int restored = maildrop.undelete(since);
            LOG.info("restored {} held message(s) of {}", restored, address);
            return restored;
        }
    }

    private static boolean exists(Connection connection, String query, MailboxAddress address, OffsetDateTime cutoff)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(query)) {
            select.setObject(1, cutoff, Types.TIMESTAMP_WITH_TIMEZONE);
            select.setString(2, address.domain());
            select.setString(3, address.localPart());
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** Who holds a maildrop, for the refusal's message (and the operator reading the log). */
    private String holderOf(long mailboxId) {
        try {
            return database.stateless("look up a maildrop lock", session -> {
                MaildropLeaseEntity lease = session.get(MaildropLeaseEntity.class, mailboxId);
                return lease == null ? "" : " (locked by " + lease.holder() + " since " + lease.acquiredAt()
                        + ", lease until " + lease.expiresAt() + ")";
            });
        } catch (StoreException e) {
            return "";
        }
    }

    /** Aliases and catch-alls resolved first, then one copy per distinct mailbox. */
    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
        return deliver(recipients, message, Optional.empty(), change -> { });
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, DeliveryKey key) {
        return deliver(recipients, message, Optional.of(key), change -> { });
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                         Optional<DeliveryKey> key, Consumer<UsageChange> counted) {
        openMaildrops.checkStoreOpen();
        RecipientExpansion expansion = RecipientExpansion.of(recipients, directory::resolve);
        for (StoreException failure : expansion.failures()) {
            LOG.warn("delivery deferred, a recipient cannot be looked up now: {}", failure.getMessage());
        }
        return expansion.outcomes(delivery.deliver(expansion.mailboxes(), message, key, counted));
    }

    @Override
    public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        openMaildrops.checkStoreOpen();
        return delivery.deliverNotice(mailbox, message);
    }

    private void renewLeases() {
        try {
            leases.renewHeld();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep renewing whatever happens.
            LOG.warn("renewing maildrop locks failed: {}", e.toString());
        }
    }

    /** Closes open maildrops without deleting anything and gives back all their leases at once. */
    @Override
    public void close() {
        if (!openMaildrops.closeStore(JpaMaildrop::abandon)) {
            return;
        }
        renewals.shutdownNow();
        try {
            leases.releaseAll();
        } finally {
            database.close();
        }
    }
}
