package org.postbox.mailstore.jpa.testing;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a container, when a Docker engine is reachable. */
final class ContainerPostgresServer implements PostgresServer {

    static final String IMAGE = "postgres:17-alpine";

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    static ContainerPostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off");
        container.start();
        return new ContainerPostgresServer(container);
    }

    @Override
    public String url(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)
                + "/" + database;
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String maintenanceDatabase() {
        return container.getDatabaseName();
    }

    @Override
    public void close() {
        container.stop();
    }
}
