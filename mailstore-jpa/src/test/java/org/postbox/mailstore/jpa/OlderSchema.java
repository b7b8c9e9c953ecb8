package org.postbox.mailstore.jpa;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * A database left at an earlier migration, filled the way that version's code would have, for the
 * schema tests that check what the later migrations make of it.
 */
final class OlderSchema {
    private final PostgresDatabase database;

    private OlderSchema(PostgresDatabase database) {
        this.database = database;
    }

    /** A new database migrated up to and including {@code version}, and no further. */
    static OlderSchema at(PostgresExtension postgres, String version) {
        PostgresDatabase database = postgres.createDatabase();
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration").target(version).load().migrate();
        return new OlderSchema(database);
    }

    /** Runs each statement as that version's code would have written its rows. */
    OlderSchema with(String... statements) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        return this;
    }

    /** The store of today on it: opening it runs the remaining migrations. */
    JpaStore open() {
        return JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")));
    }

    PostgresDatabase database() {
        return database;
    }
}
