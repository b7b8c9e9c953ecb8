package org.postbox.mailstore.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.hibernate.Session;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasConflictException;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.DomainNotEmptyException;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.NoSuchAppPasswordException;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaExceededException;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.spi.RecipientExpansion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.persistence.PersistenceException;

/**
 * Domains and mailboxes as entities. Nothing is cached: every call reads the database, so changes
 * by the CLI or another daemon count at once. Each change checks first and answers with the SPI's
 * typed error; a race with another daemon between check and change is settled by the schema's
 * constraints, which become the same typed errors.
 *
 * <p>Limits, usage, suspension, POP3 access, listings and renames are plain SQL; aliases are in
 * {@link JpaAliases}. Rows are locked in one order everywhere: a mailbox's row before its
 * domain's (delivery, deletion, removal, recalculation, rename), domains' rows in id order, and
 * an address of {@link Addresses} last; adding a mailbox locks only its domain's row, to count the
 * domain's mailboxes against its limit, then claims its address.
 */
final class JpaDirectory implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger(JpaDirectory.class);

    private static final String MAILBOX_BY_ADDRESS =
            "select m from MailboxEntity m join fetch m.domain d where d.name = :domain and m.localPart = :local";

    private static final String APP_PASSWORDS_OF_MAILBOX =
            "select a from AppPasswordEntity a where a.mailbox = :mailbox order by a.name";
    private static final String REVOKE_APP_PASSWORD =
            "delete from AppPasswordEntity a where a.mailbox = :mailbox and a.name = :name";

    private static final String LOCK_MAILBOX_FOR_APP_PASSWORD = "SELECT id FROM mailboxes WHERE id = ? FOR NO KEY UPDATE";
    private static final String LOCK_DOMAIN_FOR_NEW_MAILBOX = "SELECT quota_mailboxes FROM domains WHERE id = ? FOR NO KEY UPDATE";
    private static final String COUNT_MAILBOXES = "SELECT count(*) FROM mailboxes WHERE domain_id = ?";
    private static final String LOCK_MAILBOX_USAGE =
            "SELECT domain_id, message_count, stored_octets FROM mailboxes WHERE id = ? FOR UPDATE";
    private static final String UNCOUNT_DOMAIN =
            "UPDATE domains SET message_count = message_count - ?, stored_octets = stored_octets - ? WHERE id = ?";
    private static final String SET_MAILBOX_QUOTA = """
            UPDATE mailboxes m SET quota_octets = ?, quota_messages = ? FROM domains d
             WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""";
    private static final String SET_DOMAIN_QUOTA = "UPDATE domains SET quota_octets = ?, quota_mailboxes = ? WHERE name = ?";
    private static final String SET_MAILBOX_SUSPENDED = """
            UPDATE mailboxes m SET suspended = ? FROM domains d
             WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""";
    private static final String SET_DOMAIN_SUSPENDED = "UPDATE domains SET suspended = ? WHERE name = ?";
    private static final String MAILBOX_QUOTA = """
            SELECT m.quota_messages, m.quota_octets, m.message_count, m.stored_octets
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";
    private static final String DOMAIN_QUOTA = """
            SELECT d.quota_octets, d.quota_mailboxes, d.message_count, d.stored_octets,
                   (SELECT count(*) FROM mailboxes m WHERE m.domain_id = d.id)
              FROM domains d WHERE d.name = ?""";
    private static final String DOMAIN_IDS = "SELECT id, name FROM domains WHERE name = ? OR ? IS NULL ORDER BY name";
    private static final String LOCK_MAILBOXES_OF_DOMAIN = """
            SELECT id, local_part, message_count, stored_octets FROM mailboxes
             WHERE domain_id = ? ORDER BY id FOR UPDATE""";
    // Held messages count only where their domain says so.
    private static final String STORED_MESSAGES = """
            SELECT mailbox_id, count(*), coalesce(sum(stored_size), 0) FROM messages
             WHERE mailbox_id = ANY (?)
               AND (held_at IS NULL OR (SELECT held_counts_toward_quota FROM domains WHERE id = ?))
             GROUP BY mailbox_id""";
    private static final String SET_MAILBOX_USAGE = "UPDATE mailboxes SET message_count = ?, stored_octets = ? WHERE id = ?";
    private static final String LOCK_DOMAIN_USAGE = "SELECT message_count, stored_octets FROM domains WHERE id = ? FOR UPDATE";
    private static final String SUM_OF_MAILBOXES = """
            SELECT coalesce(sum(message_count), 0), coalesce(sum(stored_octets), 0) FROM mailboxes WHERE domain_id = ?""";
    private static final String SET_DOMAIN_USAGE = "UPDATE domains SET message_count = ?, stored_octets = ? WHERE id = ?";

    // Counted per domain through the unique indexes that lead with domain_id.
    private static final String DOMAINS = """
            SELECT d.name, (SELECT count(*) FROM mailboxes m WHERE m.domain_id = d.id),
                   (SELECT count(*) FROM aliases a WHERE a.domain_id = d.id), d.suspended, d.pop3_enabled
              FROM domains d ORDER BY d.name""";
    private static final String MAILBOXES = """
            SELECT d.name, m.local_part, m.message_count, m.stored_octets, m.quota_messages, m.quota_octets,
                   m.suspended OR d.suspended, m.pop3_enabled AND d.pop3_enabled, m.last_login_at
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id""";
    private static final String ALL_MAILBOXES = MAILBOXES + " ORDER BY d.name, m.local_part";
    private static final String MAILBOXES_OF_DOMAIN = MAILBOXES + " WHERE d.name = ? ORDER BY m.local_part";
    // Never moves the time back: of two daemons recording logins at once, the later login stays.
    private static final String RECORD_LOGIN = """
            UPDATE mailboxes m SET last_login_at = greatest(m.last_login_at, ?) FROM domains d
             WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""";
    private static final String SET_MAILBOX_POP3 = """
            UPDATE mailboxes m SET pop3_enabled = ? FROM domains d
             WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""";
    private static final String SET_DOMAIN_POP3 = "UPDATE domains SET pop3_enabled = ? WHERE name = ?";

    // Retention: expire_days -1 is never; NULL is never on a domain and "the domain's" on a mailbox.
    private static final String DOMAIN_RETENTION = """
            SELECT expire_days, hold_days, held_counts_toward_quota FROM domains WHERE name = ?""";
    private static final String SET_DOMAIN_RETENTION = """
            UPDATE domains SET expire_days = ?, hold_days = ?, held_counts_toward_quota = ? WHERE name = ?""";
    private static final String MAILBOX_RETENTION = """
            SELECT m.expire_days, d.expire_days, d.hold_days, d.held_counts_toward_quota
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";
    private static final String SET_MAILBOX_EXPIRE = """
            UPDATE mailboxes m SET expire_days = ? FROM domains d
             WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""";
    private static final String SHORTEST_EXPIRE = """
            SELECT min(days) FROM (SELECT expire_days AS days FROM domains WHERE expire_days >= 0
                                   UNION ALL
                                   SELECT expire_days FROM mailboxes WHERE expire_days >= 0) AS e""";
    private static final String LOCK_MAILBOX_TO_RENAME = """
            SELECT m.id, m.domain_id, m.message_count, m.stored_octets
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?
               FOR UPDATE OF m""";
    private static final String DOMAIN_ID = "SELECT id FROM domains WHERE name = ?";
    private static final String LOCK_DOMAINS = "SELECT id FROM domains WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE";
    private static final String MOVE_MAILBOX = "UPDATE mailboxes SET domain_id = ?, local_part = ? WHERE id = ?";
    private static final String COUNT_DOMAIN = """
            UPDATE domains SET message_count = message_count + ?, stored_octets = stored_octets + ? WHERE id = ?""";

    private final Database database;
    private final JpaLoginDelays loginDelays;
    private final MaildropLeases leases;
    private final JpaAliases aliases;

    JpaDirectory(Database database, MaildropLeases leases) {
        this.database = database;
        this.leases = leases;
        this.aliases = new JpaAliases(database);
        this.loginDelays = new JpaLoginDelays(database);
    }

    @Override
    public void addDomain(String domain) {
        String name = DomainName.normalise(domain);
        database.inSession("add domain " + name, session -> {
            if (domain(session, name).isPresent()) {
                throw new AlreadyExistsException("domain " + name + " exists");
            }
            try {
                session.persist(new DomainEntity(name));
                session.flush();
            } catch (PersistenceException e) {
                if (StoreFailures.violated(e, StoreFailures.UNIQUE_VIOLATION)) {
                    throw new AlreadyExistsException("domain " + name + " exists", e);
                }
                throw e;
            }
            return null;
        });
        LOG.info("domain {} added", name);
    }

    @Override
    public List<Domain> domains() {
        return database.inTransaction("list domains", connection -> {
            try (PreparedStatement select = connection.prepareStatement(DOMAINS); ResultSet rows = select.executeQuery()) {
                List<Domain> domains = new ArrayList<>();
                while (rows.next()) {
                    domains.add(new Domain(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getBoolean(4),
                            rows.getBoolean(5)));
                }
                return domains;
            }
        });
    }

    @Override
    public void removeDomain(String domain) {
        String name = DomainName.normalise(domain);
        database.inSession("remove domain " + name, session -> {
            DomainEntity found = domain(session, name).orElseThrow(() -> new NoSuchDomainException("no domain " + name));
            long mailboxes = session.createSelectionQuery(
                            "select count(m.id) from MailboxEntity m where m.domain = :domain", Long.class)
                    .setParameter("domain", found).getSingleResult();
            if (mailboxes > 0) {
                throw new DomainNotEmptyException("domain " + name + " still has " + mailboxes + " mailbox(es)");
            }
            try {
                session.remove(found);
                session.flush();
            } catch (PersistenceException e) {
                if (StoreFailures.violated(e, StoreFailures.FOREIGN_KEY_VIOLATION)) {
                    throw new DomainNotEmptyException("domain " + name + " got a mailbox meanwhile", e);
                }
                throw e;
            }
            return null;
        });
        LOG.info("domain {} removed", name);
    }

    @Override
    public void addMailbox(MailboxAddress address, String passwordHash) {
        checkPasswordHash(passwordHash);
        database.inSession("add mailbox " + address, session -> {
            DomainEntity domain = domain(session, address.domain())
                    .orElseThrow(() -> new NoSuchDomainException("no domain " + address.domain()));
            session.doWork(connection -> {
                Optional<Addresses.Kind> taken = Addresses.holder(connection, domain.id(), address.localPart());
                if (taken.isPresent()) {
                    throw taken(address, taken.get());
                }
            });
            // The domain's row stays locked until the new mailbox is committed: additions in
            // parallel are counted one after the other.
            session.doWork(connection -> checkMailboxLimit(connection, domain.id(), address.domain()));
            // The check above read what was committed; the claim settles a race with an alias or a rename.
            session.doWork(connection -> {
                Optional<Addresses.Kind> taken = Addresses.claimForMailbox(connection, domain.id(), address.localPart());
                if (taken.isPresent()) {
                    throw taken(address, taken.get());
                }
            });
            try {
                session.persist(new MailboxEntity(domain, address.localPart(), passwordHash));
                session.flush();
            } catch (PersistenceException e) {
                if (StoreFailures.violated(e, StoreFailures.FOREIGN_KEY_VIOLATION)) {
                    throw new NoSuchDomainException("domain " + address.domain() + " was removed meanwhile", e);
                }
                if (StoreFailures.violated(e, StoreFailures.UNIQUE_VIOLATION)) {
                    throw new AlreadyExistsException("mailbox " + address + " exists", e);
                }
                throw e;
            }
            return null;
        });
        LOG.info("mailbox {} added", address);
    }

    /** One query, however many mailboxes: everything a listing shows is in the mailbox's and its domain's rows. */
    @Override
    public List<Mailbox> mailboxes(Optional<String> domain) {
        Optional<String> name = domain.map(DomainName::normalise);
        return database.inTransaction("list mailboxes", connection -> {
            List<Mailbox> mailboxes = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(name.isPresent() ? MAILBOXES_OF_DOMAIN : ALL_MAILBOXES)) {
                if (name.isPresent()) {
                    select.setString(1, name.get());
                }
                select.setFetchSize(1_000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        OffsetDateTime lastLogin = rows.getObject(9, OffsetDateTime.class);
                        mailboxes.add(new Mailbox(new MailboxAddress(rows.getString(2), rows.getString(1)),
                                rows.getInt(3), rows.getLong(4), JpaDelivery.mailboxLimit(rows, 5),
                                rows.getBoolean(7), rows.getBoolean(8),
                                Optional.ofNullable(lastLogin).map(OffsetDateTime::toInstant)));
                    }
                }
            }
            return mailboxes;
        });
    }

    @Override
    public void setPasswordHash(MailboxAddress address, String passwordHash) {
        checkPasswordHash(passwordHash);
        database.inSession("change the password of " + address, session -> {
            mailbox(session, address).orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address))
                    .passwordHash(passwordHash);
            return null;
        });
        LOG.info("password of {} changed", address);
    }

    /**
     * Takes the mailbox's maildrop lease in the deleting transaction itself: a POP3 session
     * holding it makes this fail, and sessions that try meanwhile wait, then find no mailbox.
     * A mailbox that an alias delivers to stays: the schema refuses its removal even when the
     * alias was set after the check here.
     */
    @Override
    public void removeMailbox(MailboxAddress address) {
        database.inSession("remove mailbox " + address, session -> {
            MailboxEntity mailbox = mailbox(session, address)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address));
            session.doWork(connection -> {
                List<AliasName> targeting = JpaAliases.targeting(connection, mailbox.id());
                if (!targeting.isEmpty()) {
                    throw stillTargeted(address, targeting);
                }
            });
            boolean locked = session.doReturningWork(connection -> {
                try {
                    return leases.tryAcquire(connection, mailbox.id(), leases.newOwner());
                } catch (SQLException e) {
                    if (StoreFailures.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                        throw new NoSuchMailboxException("mailbox " + address + " was removed meanwhile");
                    }
                    throw e;
                }
            });
            if (!locked) {
                throw new MaildropLockedException("mailbox " + address + " is in use by a POP3 session; try again later");
            }
            session.doWork(connection -> uncount(connection, mailbox.id()));
            // The database removes its messages, their chunks and the lease with it.
            try {
                session.remove(mailbox);
                session.flush();
            } catch (PersistenceException e) {
                if (StoreFailures.violatedConstraint(e, "alias_targets_mailbox_fkey")) {
                    throw new AliasConflictException("mailbox " + address
                            + " became the target of an alias meanwhile; remove it from its aliases first");
                }
                throw e;
            }
            session.doWork(connection -> Addresses.release(connection, mailbox.domain().id(), address.localPart(),
                    Addresses.Kind.MAILBOX));
            return null;
        });
        LOG.info("mailbox {} removed with its mail", address);
    }

    /**
     * One transaction that holds the mailbox's maildrop lease (so no POP3 session has it open, and
     * sessions opening it meanwhile wait, then find it renamed), claims the new address, moves the
     * row and, across domains, its usage from one domain's counters to the other's. The row keeps
     * its id and uid validity, so its messages, UIDLs, app passwords and aliases stay with it.
     */
    @Override
    public void renameMailbox(MailboxAddress from, MailboxAddress to) {
        database.inTransaction("rename mailbox " + from + " to " + to, connection -> {
            Renamed mailbox = lockToRename(connection, from);
            long toDomain = domainId(connection, to.domain())
                    .orElseThrow(() -> new NoSuchDomainException("no domain " + to.domain()));
            Optional<Addresses.Kind> taken = Addresses.holder(connection, toDomain, to.localPart());
            if (taken.isPresent()) {
                throw taken(to, taken.get());
            }
            String owner = leases.newOwner();
            if (!leases.tryAcquire(connection, mailbox.id(), owner)) {
                throw new MaildropLockedException("mailbox " + from + " is in use by a POP3 session; try again later");
            }
            boolean acrossDomains = toDomain != mailbox.domainId();
            if (acrossDomains) {
                lockDomains(connection, mailbox.domainId(), toDomain);
                checkMailboxLimit(connection, toDomain, to.domain());
            }
            try {
                taken = Addresses.claimForMailbox(connection, toDomain, to.localPart());
            } catch (SQLException e) {
                if (StoreFailures.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw new NoSuchDomainException("domain " + to.domain() + " was removed meanwhile");
                }
                throw e;
            }
            if (taken.isPresent()) {
                throw taken(to, taken.get());
            }
            try (PreparedStatement move = connection.prepareStatement(MOVE_MAILBOX)) {
                move.setLong(1, toDomain);
                move.setString(2, to.localPart());
                move.setLong(3, mailbox.id());
                move.executeUpdate();
            }
            Addresses.release(connection, mailbox.domainId(), from.localPart(), Addresses.Kind.MAILBOX);
            if (acrossDomains) {
                countInDomain(connection, mailbox.domainId(), -mailbox.usage().messages(), -mailbox.usage().storedOctets());
                countInDomain(connection, toDomain, mailbox.usage().messages(), mailbox.usage().storedOctets());
            }
            // Gone at commit, as the rename becomes visible: a session that waited for it finds the old address gone.
            leases.releaseWithin(connection, mailbox.id(), owner);
            return null;
        });
        LOG.info("mailbox {} renamed to {}", from, to);
    }

    /** The row of a mailbox to rename, locked: its id, domain and usage. */
    private record Renamed(long id, long domainId, QuotaUsage usage) {
    }

    private static Renamed lockToRename(Connection connection, MailboxAddress address) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_MAILBOX_TO_RENAME)) {
            lock.setString(1, address.domain());
            lock.setString(2, address.localPart());
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
                return new Renamed(row.getLong(1), row.getLong(2), new QuotaUsage(row.getLong(4), row.getLong(3)));
            }
        }
    }

    private static Optional<Long> domainId(Connection connection, String domain) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(DOMAIN_ID)) {
            select.setString(1, domain);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Locks two domains' rows in id order, so that two renames between them in opposite directions cannot deadlock. */
    private static void lockDomains(Connection connection, long one, long other) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_DOMAINS)) {
            lock.setArray(1, connection.createArrayOf("bigint", new Object[] {one, other}));
            lock.executeQuery().close();
        }
    }

    private static void countInDomain(Connection connection, long domainId, long messages, long octets)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(COUNT_DOMAIN)) {
            update.setLong(1, messages);
            update.setLong(2, octets);
            update.setLong(3, domainId);
            update.executeUpdate();
        }
    }

    @Override
    public Optional<Account> account(MailboxAddress address) {
        return database.inSession("look up " + address, session -> mailbox(session, address)
                .map(m -> new Account(address, m.passwordHash(), m.suspended() || m.domain().suspended(),
                        m.pop3Enabled() && m.domain().pop3Enabled(), appPasswords(session, m))));
    }

    /** One statement on the mailbox's row alone, made for every login. */
    @Override
    public void recordLogin(MailboxAddress address, Instant when) {
        database.inTransaction("record a login of " + address, connection -> {
            try (PreparedStatement update = connection.prepareStatement(RECORD_LOGIN)) {
                update.setObject(1, OffsetDateTime.ofInstant(when.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
                update.setString(2, address.domain());
                update.setString(3, address.localPart());
                if (update.executeUpdate() == 0) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
            }
            return null;
        });
    }

    @Override
    public void setMailboxPop3Enabled(MailboxAddress address, boolean enabled) {
        database.inTransaction("turn POP3 " + (enabled ? "on" : "off") + " for " + address, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_MAILBOX_POP3)) {
                update.setBoolean(1, enabled);
                update.setString(2, address.domain());
                update.setString(3, address.localPart());
                if (update.executeUpdate() == 0) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
            }
            return null;
        });
        LOG.info("POP3 {} for mailbox {}", enabled ? "on" : "off", address);
    }

    @Override
    public void setDomainPop3Enabled(String domain, boolean enabled) {
        String name = DomainName.normalise(domain);
        database.inTransaction("turn POP3 " + (enabled ? "on" : "off") + " for domain " + name, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_DOMAIN_POP3)) {
                update.setBoolean(1, enabled);
                update.setString(2, name);
                if (update.executeUpdate() == 0) {
                    throw new NoSuchDomainException("no domain " + name);
                }
            }
            return null;
        });
        LOG.info("POP3 {} for domain {}", enabled ? "on" : "off", name);
    }

    @Override
    public void setAlias(Alias alias) {
        aliases.set(alias);
        LOG.info("alias {} set to {}", alias.name(), alias.targets());
    }

    @Override
    public List<Alias> aliases(String domain) {
        return aliases.of(DomainName.normalise(domain));
    }

    @Override
    public void removeAlias(AliasName name) {
        aliases.remove(name);
        LOG.info("alias {} removed", name);
    }

    @Override
    public List<MailboxAddress> resolve(MailboxAddress recipient) {
        return aliases.resolve(recipient);
    }

    /**
     * Locks the mailbox's row (as a delivery does, so deliveries wait a moment) before counting its
     * app passwords: additions in parallel are counted one after the other and never pass the limit.
     */
    @Override
    public AppPassword addAppPassword(MailboxAddress address, String name, String passwordHash) {
        checkPasswordHash(passwordHash);
        AppPassword added = new AppPassword(name, passwordHash, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        database.inSession("add an app password to " + address, session -> {
            MailboxEntity mailbox = mailbox(session, address)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address));
            session.doWork(connection -> lockForAppPasswords(connection, mailbox.id(), address));
            List<AppPassword> existing = appPasswords(session, mailbox);
            if (existing.stream().anyMatch(app -> app.name().equals(name))) {
                throw new AlreadyExistsException("mailbox " + address + " has an app password named '" + name + "'");
            }
            if (existing.size() >= AppPassword.MAX_PER_MAILBOX) {
                throw new QuotaExceededException("mailbox " + address + " has " + existing.size()
                        + " app passwords, the most it may have (" + AppPassword.MAX_PER_MAILBOX + "); revoke one first");
            }
            try {
                session.persist(new AppPasswordEntity(mailbox, added));
                session.flush();
            } catch (PersistenceException e) {
                if (StoreFailures.violated(e, StoreFailures.FOREIGN_KEY_VIOLATION)) {
                    throw new NoSuchMailboxException("mailbox " + address + " was removed meanwhile", e);
                }
                if (StoreFailures.violated(e, StoreFailures.UNIQUE_VIOLATION)) {
                    throw new AlreadyExistsException("mailbox " + address + " has an app password named '" + name + "'", e);
                }
                throw e;
            }
            return null;
        });
        LOG.info("app password '{}' of {} added", name, address);
        return added;
    }

    @Override
    public List<AppPassword> appPasswords(MailboxAddress address) {
        return database.inSession("list the app passwords of " + address, session -> appPasswords(session,
                mailbox(session, address).orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address))));
    }

    @Override
    public void revokeAppPassword(MailboxAddress address, String name) {
        AppPassword.checkName(name);
        database.inSession("revoke an app password of " + address, session -> {
            MailboxEntity mailbox = mailbox(session, address)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address));
            int deleted = session.createMutationQuery(REVOKE_APP_PASSWORD)
                    .setParameter("mailbox", mailbox)
                    .setParameter("name", name)
                    .executeUpdate();
            if (deleted == 0) {
                throw new NoSuchAppPasswordException("mailbox " + address + " has no app password named '" + name + "'");
            }
            return null;
        });
        LOG.info("app password '{}' of {} revoked", name, address);
    }

    @Override
    public void setMailboxQuota(MailboxAddress address, MailboxQuota quota) {
        if (quota.messages() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a mailbox's message limit can be at most " + Integer.MAX_VALUE);
        }
        database.inTransaction("set the quota of " + address, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_MAILBOX_QUOTA)) {
                setLimit(update, 1, quota.storageOctets(), Types.BIGINT);
                setLimit(update, 2, quota.messages(), Types.INTEGER);
                update.setString(3, address.domain());
                update.setString(4, address.localPart());
                if (update.executeUpdate() == 0) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
            }
            return null;
        });
        LOG.info("quota of {} set to {}", address, quota);
    }

    @Override
    public void setDomainQuota(String domain, DomainQuota quota) {
        String name = DomainName.normalise(domain);
        database.inTransaction("set the quota of domain " + name, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_DOMAIN_QUOTA)) {
                setLimit(update, 1, quota.storageOctets(), Types.BIGINT);
                setLimit(update, 2, quota.mailboxes(), Types.INTEGER);
                update.setString(3, name);
                if (update.executeUpdate() == 0) {
                    throw new NoSuchDomainException("no domain " + name);
                }
            }
            return null;
        });
        LOG.info("quota of domain {} set to {}", name, quota);
    }

    @Override
    public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
        return database.inTransaction("read the quota of " + address, connection -> {
            try (PreparedStatement select = connection.prepareStatement(MAILBOX_QUOTA)) {
                select.setString(1, address.domain());
                select.setString(2, address.localPart());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new NoSuchMailboxException("no mailbox " + address);
                    }
                    return new MailboxQuotaReport(address, JpaDelivery.mailboxLimit(row, 1),
                            new QuotaUsage(row.getLong(4), row.getLong(3)));
                }
            }
        });
    }

    @Override
    public DomainQuotaReport domainQuota(String domain) {
        String name = DomainName.normalise(domain);
        return database.inTransaction("read the quota of domain " + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement(DOMAIN_QUOTA)) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new NoSuchDomainException("no domain " + name);
                    }
                    DomainQuota limit = new DomainQuota(Math.max(0, row.getLong(1)), Math.max(0, row.getInt(2)));
                    return new DomainQuotaReport(name, limit, new QuotaUsage(row.getLong(4), row.getLong(3)), row.getInt(5));
                }
            }
        });
    }

    /**
     * One transaction per domain: its mailboxes' rows are locked (in id order), their messages
     * counted, then the domain's row locked and set to the sum. A delivery waiting meanwhile counts
     * its copy on top of the result, since its message was not yet committed when counted.
     */
    @Override
    public List<QuotaDrift> recalculateQuota(Optional<String> domain) {
        Optional<String> name = domain.map(DomainName::normalise);
        Map<Long, String> domains = database.inTransaction("list domains", connection -> {
            Map<Long, String> found = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(DOMAIN_IDS)) {
                select.setString(1, name.orElse(null));
                select.setString(2, name.orElse(null));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getLong(1), rows.getString(2));
                    }
                }
            }
            return found;
        });
        if (name.isPresent() && domains.isEmpty()) {
            throw new NoSuchDomainException("no domain " + name.get());
        }
        List<QuotaDrift> drifts = new ArrayList<>();
        domains.forEach((id, domainName) -> drifts.addAll(database.inTransaction("recalculate the usage of domain "
                + domainName, connection -> recalculate(connection, id, domainName))));
        for (QuotaDrift drift : drifts) {
            LOG.info("quota of {} recalculated: recorded {}, stored {}",
                    drift.mailbox().map(Object::toString).orElse("domain " + drift.domain()), drift.recorded(), drift.actual());
        }
        return drifts;
    }

    @Override
    public void setMailboxSuspended(MailboxAddress address, boolean suspended) {
        database.inTransaction((suspended ? "suspend " : "resume ") + address, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_MAILBOX_SUSPENDED)) {
                update.setBoolean(1, suspended);
                update.setString(2, address.domain());
                update.setString(3, address.localPart());
                if (update.executeUpdate() == 0) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
            }
            return null;
        });
        LOG.info("mailbox {} {}", address, suspended ? "suspended" : "resumed");
    }

    @Override
    public void setDomainSuspended(String domain, boolean suspended) {
        String name = DomainName.normalise(domain);
        database.inTransaction((suspended ? "suspend domain " : "resume domain ") + name, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_DOMAIN_SUSPENDED)) {
                update.setBoolean(1, suspended);
                update.setString(2, name);
                if (update.executeUpdate() == 0) {
                    throw new NoSuchDomainException("no domain " + name);
                }
            }
            return null;
        });
        LOG.info("domain {} {}", name, suspended ? "suspended" : "resumed");
    }

    @Override
    public Optional<DeliveryOutcome> deliveryRefusal(MailboxAddress address, long octets) {
        return RecipientExpansion.refusal(this, address, octets);
    }

    // Retention (RFC 2449 EXPIRE) and the deleted-mail hold.

    @Override
    public DomainRetention domainRetention(String domain) {
        String name = DomainName.normalise(domain);
        return database.inTransaction("read the retention of domain " + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement(DOMAIN_RETENTION)) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new NoSuchDomainException("no domain " + name);
                    }
                    return new DomainRetention(expire(row, 1).orElse(Expire.NEVER), row.getInt(2), row.getBoolean(3));
                }
            }
        });
    }

    @Override
    public void setDomainRetention(String domain, DomainRetention retention) {
        String name = DomainName.normalise(domain);
        boolean before = domainRetention(name).heldCountsTowardQuota();
        database.inTransaction("set the retention of domain " + name, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_DOMAIN_RETENTION)) {
                if (retention.expire().isNever()) {
                    update.setNull(1, Types.INTEGER);
                } else {
                    update.setInt(1, retention.expire().days());
                }
                update.setInt(2, retention.holdDays());
                update.setBoolean(3, retention.heldCountsTowardQuota());
                update.setString(4, name);
                if (update.executeUpdate() == 0) {
                    throw new NoSuchDomainException("no domain " + name);
                }
            }
            return null;
        });
        LOG.info("retention of domain {} set to {}", name, retention);
        if (before != retention.heldCountsTowardQuota()) {
            // Held mail enters or leaves the usage: count it again rather than guess what is held.
            recalculateQuota(Optional.of(name));
        }
    }

    @Override
    public MailboxRetention mailboxRetention(MailboxAddress address) {
        return database.inTransaction("read the retention of " + address, connection -> {
            try (PreparedStatement select = connection.prepareStatement(MAILBOX_RETENTION)) {
                select.setString(1, address.domain());
                select.setString(2, address.localPart());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new NoSuchMailboxException("no mailbox " + address);
                    }
                    return new MailboxRetention(address, expire(row, 1), new DomainRetention(
                            expire(row, 2).orElse(Expire.NEVER), row.getInt(3), row.getBoolean(4)));
                }
            }
        });
    }

    @Override
    public void setMailboxExpire(MailboxAddress address, Optional<Expire> expire) {
        database.inTransaction("set the expire of " + address, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_MAILBOX_EXPIRE)) {
                if (expire.isEmpty()) {
                    update.setNull(1, Types.INTEGER);
                } else {
                    update.setInt(1, expire.get().days());
                }
                update.setString(2, address.domain());
                update.setString(3, address.localPart());
                if (update.executeUpdate() == 0) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
            }
            return null;
        });
        LOG.info("expire of mailbox {} set to {}", address, expire.map(Expire::toString).orElse("inherit"));
    }

    @Override
    public Expire shortestExpire() {
        return database.inTransaction("find the shortest expire", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SHORTEST_EXPIRE);
                 ResultSet row = select.executeQuery()) {
                row.next();
                int days = row.getInt(1);
                return row.wasNull() ? Expire.NEVER : Expire.days(days);
            }
        });
    }

    /** An expire_days column: empty when NULL, never for -1. */
    static Optional<Expire> expire(ResultSet row, int column) throws SQLException {
        int days = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(new Expire(days));
    }

    private static List<QuotaDrift> recalculate(Connection connection, long domainId, String domain) throws SQLException {
        Map<Long, String> localParts = new LinkedHashMap<>();
        Map<Long, QuotaUsage> recorded = new LinkedHashMap<>();
        try (PreparedStatement lock = connection.prepareStatement(LOCK_MAILBOXES_OF_DOMAIN)) {
            lock.setLong(1, domainId);
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    localParts.put(rows.getLong(1), rows.getString(2));
                    recorded.put(rows.getLong(1), new QuotaUsage(rows.getLong(4), rows.getLong(3)));
                }
            }
        }
        // A statement of its own: its snapshot is taken once the locks are held.
        Map<Long, QuotaUsage> stored = new LinkedHashMap<>();
        try (PreparedStatement count = connection.prepareStatement(STORED_MESSAGES)) {
            count.setArray(1, connection.createArrayOf("bigint", localParts.keySet().toArray()));
            count.setLong(2, domainId);
            try (ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getLong(1), new QuotaUsage(rows.getLong(3), rows.getLong(2)));
                }
            }
        }
        List<QuotaDrift> drifts = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement(SET_MAILBOX_USAGE)) {
            for (Map.Entry<Long, String> mailbox : localParts.entrySet()) {
                QuotaUsage before = recorded.get(mailbox.getKey());
                QuotaUsage actual = stored.getOrDefault(mailbox.getKey(), QuotaUsage.NONE);
                if (!before.equals(actual)) {
                    update.setLong(1, actual.messages());
                    update.setLong(2, actual.storedOctets());
                    update.setLong(3, mailbox.getKey());
                    update.executeUpdate();
                    drifts.add(QuotaDrift.ofMailbox(new MailboxAddress(mailbox.getValue(), domain), before, actual));
                }
            }
        }
        QuotaUsage domainBefore;
        try (PreparedStatement lock = connection.prepareStatement(LOCK_DOMAIN_USAGE)) {
            lock.setLong(1, domainId);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                domainBefore = new QuotaUsage(row.getLong(2), row.getLong(1));
            }
        }
        QuotaUsage domainActual;
        try (PreparedStatement sum = connection.prepareStatement(SUM_OF_MAILBOXES)) {
            sum.setLong(1, domainId);
            try (ResultSet row = sum.executeQuery()) {
                row.next();
                domainActual = new QuotaUsage(row.getLong(2), row.getLong(1));
            }
        }
        if (!domainBefore.equals(domainActual)) {
            try (PreparedStatement update = connection.prepareStatement(SET_DOMAIN_USAGE)) {
                update.setLong(1, domainActual.messages());
                update.setLong(2, domainActual.storedOctets());
                update.setLong(3, domainId);
                update.executeUpdate();
            }
            drifts.add(QuotaDrift.ofDomain(domain, domainBefore, domainActual));
        }
        return drifts;
    }

    private static void checkMailboxLimit(Connection connection, long domainId, String domain) throws SQLException {
        int limit;
        try (PreparedStatement lock = connection.prepareStatement(LOCK_DOMAIN_FOR_NEW_MAILBOX)) {
            lock.setLong(1, domainId);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new NoSuchDomainException("domain " + domain + " was removed meanwhile");
                }
                limit = row.getInt(1);
            }
        }
        if (limit <= 0) {
            return;
        }
        // A statement of its own, so that it sees the mailboxes committed while we waited for the lock.
        long existing;
        try (PreparedStatement count = connection.prepareStatement(COUNT_MAILBOXES)) {
            count.setLong(1, domainId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                existing = row.getLong(1);
            }
        }
        if (existing >= limit) {
            throw new QuotaExceededException("domain " + domain + " has reached its limit of " + limit + " mailbox(es)");
        }
    }

    private static List<AppPassword> appPasswords(Session session, MailboxEntity mailbox) {
        return session.createSelectionQuery(APP_PASSWORDS_OF_MAILBOX, AppPasswordEntity.class)
                .setParameter("mailbox", mailbox)
                .getResultList().stream()
                .map(AppPasswordEntity::toAppPassword)
                .toList();
    }

    private static void lockForAppPasswords(Connection connection, long mailboxId, MailboxAddress address)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_MAILBOX_FOR_APP_PASSWORD)) {
            lock.setLong(1, mailboxId);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new NoSuchMailboxException("mailbox " + address + " was removed meanwhile");
                }
            }
        }
    }

    /** Takes a mailbox about to be removed off its domain's usage. */
    private static void uncount(Connection connection, long mailboxId) throws SQLException {
        long domainId;
        QuotaUsage usage;
        try (PreparedStatement lock = connection.prepareStatement(LOCK_MAILBOX_USAGE)) {
            lock.setLong(1, mailboxId);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    return; // gone already: the delete finds nothing either
                }
                domainId = row.getLong(1);
                usage = new QuotaUsage(row.getLong(3), row.getLong(2));
            }
        }
        try (PreparedStatement update = connection.prepareStatement(UNCOUNT_DOMAIN)) {
            update.setLong(1, usage.messages());
            update.setLong(2, usage.storedOctets());
            update.setLong(3, domainId);
            update.executeUpdate();
        }
    }

    /** The refusal of an address that a mailbox or an alias has already. */
    private static AlreadyExistsException taken(MailboxAddress address, Addresses.Kind holder) {
        return holder == Addresses.Kind.ALIAS
                ? new AlreadyExistsException("alias " + address + " exists; a mailbox cannot have its address")
                : new AlreadyExistsException("mailbox " + address + " exists");
    }

    private static AliasConflictException stillTargeted(MailboxAddress address, List<AliasName> aliases) {
        return new AliasConflictException("mailbox " + address + " is a target of alias(es) "
                + aliases.stream().map(AliasName::toString).collect(Collectors.joining(", "))
                + "; remove it from them (or remove them) first");
    }

    /** NULL stands for unlimited in the schema. */
    private static void setLimit(PreparedStatement statement, int index, long limit, int sqlType) throws SQLException {
        if (limit == 0) {
            statement.setNull(index, sqlType);
        } else if (sqlType == Types.INTEGER) {
            statement.setInt(index, (int) limit);
        } else {
            statement.setLong(index, limit);
        }
    }

    private static Optional<DomainEntity> domain(Session session, String name) {
        return session.createSelectionQuery("from DomainEntity where name = :name", DomainEntity.class)
                .setParameter("name", name).uniqueResultOptional();
    }

    private static Optional<MailboxEntity> mailbox(Session session, MailboxAddress address) {
        return session.createSelectionQuery(MAILBOX_BY_ADDRESS, MailboxEntity.class)
                .setParameter("domain", address.domain())
                .setParameter("local", address.localPart())
                .uniqueResultOptional();
    }

    /** Hashes are opaque text in Dovecot's {@code {SCHEME}...} syntax: printable ASCII, one line. */
    static void checkPasswordHash(String passwordHash) {
        if (passwordHash == null || passwordHash.isEmpty()) {
            throw new IllegalArgumentException("password hash must not be empty");
        }
        if (passwordHash.length() > 1024) {
            throw new IllegalArgumentException("password hash must be at most 1024 characters");
        }
        for (int i = 0; i < passwordHash.length(); i++) {
            char c = passwordHash.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("password hash must be printable ASCII on one line");
            }
        }
    }

    // LOGIN-DELAY: columns of domains and mailboxes (V8).

    @Override
    public void setDomainLoginDelay(String domain, java.time.Duration delay) {
        loginDelays.setDomain(domain, delay);
        LOG.info("login delay of domain {} set to {} s", domain, delay.toSeconds());
    }

    @Override
    public void setMailboxLoginDelay(MailboxAddress address, Optional<java.time.Duration> delay) {
        loginDelays.setMailbox(address, delay);
        LOG.info("login delay of mailbox {} set to {}", address,
                delay.map(seconds -> seconds.toSeconds() + " s").orElse("its domain's"));
    }

    @Override
    public org.postbox.mailstore.LoginDelay loginDelay(MailboxAddress address) {
        return loginDelays.of(address);
    }

    @Override
    public Optional<java.time.Duration> leastLoginDelay() {
        return loginDelays.least();
    }
}
