package org.postbox.mailstore.jpa.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;

/**
 * A store backend for the tests of the modules above the SPI (the POP3 engine, LMTP, the daemon),
 * chosen as an operator chooses one: by {@code store.type} and its settings, found through the
 * service loader. Every test that should hold on both backends runs over {@link #all}; a new
 * backend adds itself there. It lives in this test-jar because only this one can start PostgreSQL.
 */
public interface StoreFixture {

    /** The {@code store.type}, also shown in test names. */
    String name();

    /**
     * The settings of the {@code store:} section (without {@code type}) for a fresh, empty store
     * whose files live under {@code directory}. Each call makes a new store (for PostgreSQL, a
     * new database).
     */
    Map<String, Object> storeSettings(Path directory);

    /** A fresh, empty store, opened as the daemon opens one. */
    default MailStore open(Path directory) {
        return MailStoreProvider.forType(name()).open(storeSettings(directory), directory);
    }

    /** Both backends; {@code postgres} is registered on the test class, so that it runs first. */
    static List<StoreFixture> all(PostgresExtension postgres) {
        return List.of(new MaildirStoreFixture(), new JpaStoreFixture(postgres));
    }
}
