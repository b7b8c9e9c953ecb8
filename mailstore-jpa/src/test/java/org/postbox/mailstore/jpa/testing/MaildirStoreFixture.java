package org.postbox.mailstore.jpa.testing;

import java.nio.file.Path;
import java.util.Map;

/** The Maildir backend, its tree directly in the test's directory. */
public final class MaildirStoreFixture implements StoreFixture {

    @Override
    public String name() {
        return "maildir";
    }

    @Override
    public Map<String, Object> storeSettings(Path directory) {
        // fsync buys nothing in a throw-away temporary directory and costs test time.
        return Map.of("path", directory.toString(), "fsync", false);
    }

    @Override
    public String toString() {
        return name();
    }
}
