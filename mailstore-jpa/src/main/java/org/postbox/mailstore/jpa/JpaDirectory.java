package org.postbox.mailstore.jpa;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.hibernate.Session;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.DomainNotEmptyException;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.persistence.PersistenceException;

/**
 * Domains and mailboxes as entities. Nothing is cached: every call reads the database, so changes
 * by the CLI or another daemon count at once. Each change checks first and answers with the SPI's
 * typed error; a race with another daemon between check and change is settled by the schema's
 * constraints, which become the same typed errors.
 */
final class JpaDirectory implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger(JpaDirectory.class);

    private static final String MAILBOX_BY_ADDRESS =
            "select m from MailboxEntity m join fetch m.domain d where d.name = :domain and m.localPart = :local";

    private final Database database;
    private final MaildropLeases leases;

    JpaDirectory(Database database, MaildropLeases leases) {
        this.database = database;
        this.leases = leases;
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
        return database.inSession("list domains", session -> session.createSelectionQuery("""
                        select d.name, count(m.id) from DomainEntity d left join MailboxEntity m on m.domain = d
                        group by d.id, d.name order by d.name""", Object[].class)
                .getResultList().stream()
                .map(row -> new Domain((String) row[0], ((Number) row[1]).intValue()))
                .toList());
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
            if (mailbox(session, address).isPresent()) {
                throw new AlreadyExistsException("mailbox " + address + " exists");
            }
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

    @Override
    public List<Mailbox> mailboxes(Optional<String> domain) {
        Optional<String> name = domain.map(DomainName::normalise);
        return database.inSession("list mailboxes", session -> {
            var query = session.createSelectionQuery("select m from MailboxEntity m join fetch m.domain d"
                    + (name.isPresent() ? " where d.name = :domain" : "")
                    + " order by d.name, m.localPart", MailboxEntity.class);
            name.ifPresent(n -> query.setParameter("domain", n));
            return query.getResultList().stream()
                    .map(m -> new Mailbox(new MailboxAddress(m.localPart(), m.domain().name()), m.messageCount(), m.storedOctets()))
                    .toList();
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
     */
    @Override
    public void removeMailbox(MailboxAddress address) {
        database.inSession("remove mailbox " + address, session -> {
            MailboxEntity mailbox = mailbox(session, address)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address));
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
            // The database removes its messages, their chunks and the lease with it.
            session.remove(mailbox);
            return null;
        });
        LOG.info("mailbox {} removed with its mail", address);
    }

    @Override
    public Optional<Account> account(MailboxAddress address) {
        return database.inSession("look up " + address, session -> mailbox(session, address)
                .map(m -> new Account(address, m.passwordHash())));
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
}
