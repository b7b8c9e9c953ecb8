package org.postbox.mailstore.jpa.testing;

import java.nio.file.Path;
import java.util.Map;

/** The PostgreSQL backend: every store a fresh database on the JVM's shared server. */
public final class JpaStoreFixture implements StoreFixture {

    private final PostgresExtension postgres;

    /** @param postgres registered on the test class, so that it is started before a store is opened */
    public JpaStoreFixture(PostgresExtension postgres) {
        this.postgres = postgres;
    }

    @Override
    public String name() {
        return "jpa";
    }

    @Override
    public Map<String, Object> storeSettings(Path directory) {
        // A test holds a handful of sessions at once; a small pool keeps many stores within the
        // server's connection limit.
        return postgres.createDatabase().storeSettings(Map.of("pool-size", 4));
    }

    @Override
    public String toString() {
        return name();
    }
}
