package org.postbox.pop3.server;

import java.util.List;

/** The backends every engine test runs against. */
public final class StoreFixtures {

    private StoreFixtures() {
    }

    public static List<StoreFixture> all() {
        return List.of(new MaildirStoreFixture());
    }
}
