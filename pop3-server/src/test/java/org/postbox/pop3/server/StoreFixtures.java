package org.postbox.pop3.server;

import java.util.List;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * The backends every engine test runs against. A test class registers the PostgreSQL extension
 * and passes it here:
 * <pre>
 * &#64;RegisterExtension
 * static final PostgresExtension POSTGRES = new PostgresExtension();
 * ...
 * StoreFixtures.all(POSTGRES)
 * </pre>
 */
public final class StoreFixtures {

    private StoreFixtures() {
    }

    public static List<StoreFixture> all(PostgresExtension postgres) {
        return List.of(new MaildirStoreFixture(), new JpaStoreFixture(postgres));
    }
}
