package org.postbox.mailstore.jpa.testing;

/** A real PostgreSQL server that tests may create databases on, as its superuser. */
public interface PostgresServer extends AutoCloseable {

    /** The JDBC URL of one database on this server. */
    String url(String database);

    String user();

    /** Empty when the server trusts local connections. */
    String password();

    /** A database that always exists, to create and drop others from. */
    String maintenanceDatabase();

    @Override
    void close();
}
