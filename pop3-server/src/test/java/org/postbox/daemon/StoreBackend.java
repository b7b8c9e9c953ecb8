package org.postbox.daemon;

import java.nio.file.Path;
import java.util.Map;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * The store backends the daemon's end-to-end tests run against, each chosen the way an operator
 * chooses it: by {@code store.type} in the configuration.
 */
enum StoreBackend {
    /** A Maildir tree under the test's directory. */
    MAILDIR("maildir") {
        @Override
        String storeSection(Path dir, PostgresExtension postgres) {
            return RunningDaemon.maildirStore(dir);
        }
    },
    /** A fresh database on the test JVM's PostgreSQL server. */
    JPA("jpa") {
        @Override
        String storeSection(Path dir, PostgresExtension postgres) {
            return RunningDaemon.jpaStore(postgres.createDatabase(), Map.of());
        }
    };

    private final String type;

    StoreBackend(String type) {
        this.type = type;
    }

    /** The {@code store:} section of a new, empty store of this backend. */
    abstract String storeSection(Path dir, PostgresExtension postgres);

    /** The {@code store.type}, which is also how the tests of this backend are named. */
    @Override
    public String toString() {
        return type;
    }
}
