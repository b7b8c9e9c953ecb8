package org.postbox.mailstore.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.hibernate.HibernateException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.postbox.mailstore.StoreConfigException;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

import jakarta.persistence.PersistenceException;

/**
 * The connection pool, the schema and the ORM of one store. Every way in (Hibernate sessions for
 * the directory, plain JDBC for the hot paths) runs in one transaction and turns any database
 * failure into a {@link StoreUnavailableException}; typed store failures thrown by the work
 * itself roll the transaction back and pass unchanged.
 */
final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** How long a caller waits for a connection before the store reports itself unavailable. */
    static final long CONNECTION_TIMEOUT_MS = 5_000;
    /** A statement that hangs longer than this (dead server, broken network) fails instead. */
    private static final int SOCKET_TIMEOUT_SECONDS = 60;

    private final HikariDataSource pool;
    private final SessionFactory sessions;

    private Database(HikariDataSource pool, SessionFactory sessions) {
        this.pool = pool;
        this.sessions = sessions;
    }

    /**
     * Connects, migrates the schema to the current version and checks the ORM mapping against it.
     *
     * @throws StoreConfigException      if the database refuses these credentials or does not exist
     * @throws StoreUnavailableException if the database cannot be reached or migrated now
     */
    static Database open(JpaSettings settings) {
        HikariDataSource pool = connect(settings);
        try {
            migrate(settings);
            return new Database(pool, ormOver(pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource connect(JpaSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("postbox-jpa");
        config.setMetricsTrackerFactory(new PoolMeters());
        config.setJdbcUrl(settings.url());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setAutoCommit(false);
        // Short enough that a POP3 client hears [SYS/TEMP] promptly while the database is away;
        // the pool replaces broken connections by itself once it is back.
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(2_000);
        config.setKeepaliveTime(TimeUnit.MINUTES.toMillis(2));
        // One attempt at start: a wrong password or database name is reported at once.
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "postbox");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw refused(settings, e);
        }
    }

    /** Tells a configuration mistake (login, database name) from a database that is just not there now. */
    private static StoreException refused(JpaSettings settings, RuntimeException e) {
        Optional<SQLException> sql = StoreFailures.sqlCause(e);
        String state = sql.map(SQLException::getSQLState).orElse("");
        String reason = sql.map(SQLException::getMessage).orElse(String.valueOf(e.getMessage()));
        if (state.startsWith("28")) {
            return new StoreConfigException(settings.password().isPresent() ? "store.password" : "store.user",
                    "PostgreSQL refused the login (" + reason + "); check store.user and the password settings");
        }
        if (state.equals("3D000")) {
            return new StoreConfigException("store.url",
                    "the database does not exist (" + reason + "); create it or correct the database name in the URL");
        }
        return new StoreUnavailableException("cannot reach PostgreSQL at " + redacted(settings.url()) + ": " + reason, e);
    }

    /**
     * Flyway gets connections of its own, outside the pool: it holds a PostgreSQL advisory lock
     * while it migrates (so that daemons starting together migrate once), and such a lock must
     * never stay behind on a pooled connection.
     */
    private static void migrate(JpaSettings settings) {
        try {
            var result = Flyway.configure()
                    .dataSource(settings.url(), settings.user().orElse(null), settings.password().orElse(null))
                    .connectRetries(0)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("schema of {} migrated to version {}", redacted(settings.url()), result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new StoreUnavailableException("cannot bring the schema of " + redacted(settings.url())
                    + " up to date: " + e.getMessage(), e);
        }
    }

    private static SessionFactory ormOver(HikariDataSource pool) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                .applySetting(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
                // The migrations own the schema; Hibernate only checks that the mapping fits it.
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                .applySetting(AvailableSettings.SHOW_SQL, false)
                .build();
        try {
            return new MetadataSources(registry)
                    .addAnnotatedClasses(DomainEntity.class, MailboxEntity.class, MessageEntity.class,
                            MessageChunkEntity.class, MaildropLeaseEntity.class, AppPasswordEntity.class)
                    .buildMetadata()
                    .buildSessionFactory();
        } catch (HibernateException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw new StoreUnavailableException("the database schema does not match this version of Postbox: "
                    + e.getMessage(), e);
        }
    }

    /** Work with entities in one transaction (the directory). */
    <T> T inSession(String action, Function<Session, T> work) {
        try {
            return sessions.fromTransaction(work);
        } catch (StoreException e) {
            throw e;
        } catch (PersistenceException e) {
            throw StoreFailures.unavailable(action, e);
        }
    }

    /** Work with entities without a persistence context, in one transaction (hot paths). */
    <T> T stateless(String action, Function<StatelessSession, T> work) {
        try {
            return sessions.fromStatelessTransaction(work);
        } catch (StoreException e) {
            throw e;
        } catch (PersistenceException e) {
            throw StoreFailures.unavailable(action, e);
        }
    }

    /** Plain JDBC in one transaction, committed when {@code work} returns and rolled back when it throws. */
    <T> T inTransaction(String action, SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreFailures.unavailable(action, e);
        }
    }

    /** The connection pool's figures, for the daemon's metrics. */
    List<StoreMeter> meters() {
        return pool.getMetricsTrackerFactory() instanceof PoolMeters meters ? meters.meters() : List.of();
    }

    /**
     * A connection for work that manages its transaction itself (delivery, which also reads the
     * message source); the pool resets it when it is closed.
     */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed; the pool discards the connection: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            sessions.close();
        } finally {
            pool.close();
        }
    }

    /** The URL as it may be logged: without a password given as a parameter. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** A unit of plain JDBC work. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
