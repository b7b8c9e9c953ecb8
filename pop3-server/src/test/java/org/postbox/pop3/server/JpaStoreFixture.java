package org.postbox.pop3.server;

import java.nio.file.Path;
import java.util.Map;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * The PostgreSQL backend, found the way the daemon finds it: by type, through the service loader.
 * Every store gets a fresh database on the JVM's shared server, dropped by the extension after the
 * test that made it.
 */
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
    public MailStore open(Path directory) {
        // A test holds a handful of sessions at once; a small pool keeps many stores within the
        // server's connection limit.
        return MailStoreProvider.forType("jpa").open(postgres.createDatabase().storeSettings(Map.of("pool-size", 4)),
                directory);
    }

    @Override
    public String toString() {
        return name();
    }
}
