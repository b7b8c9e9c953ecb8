package org.postbox.mailstore.jpa;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide maildrop locks of one store: a row in {@code maildrop_leases} per locked
 * mailbox, owned by one session of one store instance and valid until {@code expires_at} on the
 * database's clock (so the daemons' clocks never matter). A lease is taken over only once it has
 * expired; its holder renews it at a third of its duration; a crashed daemon's leases simply
 * run out. Nothing is held on a connection between statements, so pooled connections never
 * carry a lock.
 *
 * <p>Renewal extends a lease as long as its row still names its owner, even if it ran out
 * meanwhile (a long pause, an outage): a row that still names us was never taken over, so no
 * other session has seen the maildrop since.
 */
final class MaildropLeases {

    private static final Logger LOG = LoggerFactory.getLogger(MaildropLeases.class);

    private static final String ACQUIRE = """
            INSERT INTO maildrop_leases AS l (mailbox_id, owner_id, holder, acquired_at, expires_at)
            VALUES (?, ?, ?, clock_timestamp(), clock_timestamp() + ? * interval '1 millisecond')
            ON CONFLICT (mailbox_id) DO UPDATE
               SET owner_id = excluded.owner_id, holder = excluded.holder,
                   acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
             WHERE l.expires_at < clock_timestamp()
            RETURNING owner_id""";
    private static final String HOLDS = """
            SELECT owner_id = ? AND expires_at > clock_timestamp()
              FROM maildrop_leases WHERE mailbox_id = ? FOR UPDATE""";
    private static final String EXTEND = """
            UPDATE maildrop_leases SET expires_at = clock_timestamp() + ? * interval '1 millisecond'
             WHERE mailbox_id = ? AND owner_id = ?""";
    private static final String RENEW = """
            UPDATE maildrop_leases SET expires_at = clock_timestamp() + ? * interval '1 millisecond'
             WHERE owner_id = ANY (?)
            RETURNING owner_id""";
    private static final String RELEASE = "DELETE FROM maildrop_leases WHERE mailbox_id = ? AND owner_id = ?";
    private static final String RELEASE_ALL = "DELETE FROM maildrop_leases WHERE owner_id = ANY (?)";

    private final Database database;
    private final Duration duration;
    private final String instance;
    private final String holder;
    private final AtomicLong sessions = new AtomicLong();
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private final AtomicBoolean renewalFailing = new AtomicBoolean();

    MaildropLeases(Database database, Duration duration) {
        this.database = database;
        this.duration = duration;
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        this.instance = HexFormat.of().formatHex(random);
        this.holder = describeThisProcess();
    }

    /** One lock on one mailbox, for one session. */
    record Lease(long mailboxId, MailboxAddress address, String owner) {
    }

    /** A new owner id, unique to one session of this store instance. */
    String newOwner() {
        return instance + "-" + sessions.incrementAndGet();
    }

    Duration duration() {
        return duration;
    }

    Duration renewalPeriod() {
        return duration.dividedBy(3);
    }

    /**
     * Takes the lease on a mailbox for {@code owner} within the caller's transaction, unless
     * another owner holds an unexpired one.
     *
     * @return whether {@code owner} now holds it (once the transaction commits)
     * @throws SQLException with SQLSTATE 23503 if the mailbox does not exist (any more)
     */
    boolean tryAcquire(Connection connection, long mailboxId, String owner) throws SQLException {
        try (PreparedStatement acquire = connection.prepareStatement(ACQUIRE)) {
            acquire.setLong(1, mailboxId);
            acquire.setString(2, owner);
            acquire.setString(3, holder);
            acquire.setLong(4, duration.toMillis());
            try (ResultSet row = acquire.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Starts renewing a lease whose acquisition has committed. */
    void track(Lease lease) {
        held.put(lease.owner(), lease);
    }

    /**
     * The fencing check of a session about to change its maildrop, within that change's
     * transaction: locks the lease row until commit, so no one can take it over meanwhile, and
     * extends it. False if the lease expired or went to another owner; nothing must change then.
     */
    boolean holdsForUpdate(Connection connection, Lease lease) throws SQLException {
        try (PreparedStatement holds = connection.prepareStatement(HOLDS)) {
            holds.setString(1, lease.owner());
            holds.setLong(2, lease.mailboxId());
            try (ResultSet row = holds.executeQuery()) {
                if (!row.next() || !row.getBoolean(1)) {
                    return false;
                }
            }
        }
        try (PreparedStatement extend = connection.prepareStatement(EXTEND)) {
            extend.setLong(1, duration.toMillis());
            extend.setLong(2, lease.mailboxId());
            extend.setString(3, lease.owner());
            extend.executeUpdate();
        }
        return true;
    }

    /**
     * Gives back, within the caller's transaction, a lease that transaction took and never
     * tracked (a directory change that excluded sessions only while it ran).
     */
    void releaseWithin(Connection connection, long mailboxId, String owner) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
            release.setLong(1, mailboxId);
            release.setString(2, owner);
            release.executeUpdate();
        }
    }

    /** Gives a lease back; a failure is only logged, since the lease runs out by itself. */
    void release(Lease lease) {
        held.remove(lease.owner());
        try {
            database.inTransaction("release the maildrop lock of " + lease.address(), connection -> {
                try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
                    release.setLong(1, lease.mailboxId());
                    release.setString(2, lease.owner());
                    return release.executeUpdate();
                }
            });
        } catch (StoreException e) {
            LOG.warn("could not release the maildrop lock of {}; it expires within {}: {}",
                    lease.address(), duration, e.getMessage());
        }
    }

    /** Gives back every lease of this store in one statement (shutdown). */
    void releaseAll() {
        List<String> owners = new ArrayList<>(held.keySet());
        held.clear();
        if (owners.isEmpty()) {
            return;
        }
        try {
            database.inTransaction("release maildrop locks", connection -> {
                try (PreparedStatement release = connection.prepareStatement(RELEASE_ALL)) {
                    release.setArray(1, ownerArray(connection, owners));
                    return release.executeUpdate();
                }
            });
        } catch (StoreException e) {
            LOG.warn("could not release {} maildrop lock(s) at shutdown; they expire within {}: {}",
                    owners.size(), duration, e.getMessage());
        }
    }

    /** Extends every lease this store holds; run at a third of the lease duration. */
    void renewHeld() {
        List<String> owners = new ArrayList<>(held.keySet());
        if (owners.isEmpty()) {
            return;
        }
        Set<String> renewed;
        try {
            renewed = database.inTransaction("renew maildrop locks", connection -> {
                Set<String> extended = new HashSet<>();
                try (PreparedStatement renew = connection.prepareStatement(RENEW)) {
                    renew.setLong(1, duration.toMillis());
                    renew.setArray(2, ownerArray(connection, owners));
                    try (ResultSet rows = renew.executeQuery()) {
                        while (rows.next()) {
                            extended.add(rows.getString(1));
                        }
                    }
                }
                return extended;
            });
        } catch (StoreException e) {
            if (renewalFailing.compareAndSet(false, true)) {
                LOG.warn("cannot renew {} maildrop lock(s); retrying every {}: {}", owners.size(), renewalPeriod(), e.getMessage());
            }
            return;
        }
        if (renewalFailing.compareAndSet(true, false)) {
            LOG.info("renewing maildrop locks again");
        }
        for (String owner : owners) {
            if (!renewed.contains(owner)) {
                Lease lost = held.remove(owner);
                if (lost != null) {
                    LOG.warn("the maildrop lock of {} expired and was taken over; its session can no longer delete mail",
                            lost.address());
                }
            }
        }
    }

    private static Array ownerArray(Connection connection, List<String> owners) throws SQLException {
        return connection.createArrayOf("varchar", owners.toArray());
    }

    /** Who holds a lease, for operators reading the table: host and process. */
    private static String describeThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String description = host + " pid " + ProcessHandle.current().pid();
        return description.length() > 255 ? description.substring(0, 255) : description;
    }
}
