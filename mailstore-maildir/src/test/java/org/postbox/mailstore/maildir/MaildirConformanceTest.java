package org.postbox.mailstore.maildir;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.conformance.MailStoreConformanceTest;
import org.postbox.mailstore.conformance.StoreLocation;

/** The whole SPI contract against a Maildir tree with a relative path, as a configuration would give it. */
class MaildirConformanceTest extends MailStoreConformanceTest {

    @TempDir
    Path baseDir;

    @Override
    protected StoreLocation prepareEmptyStore() {
        return new StoreLocation("maildir", Map.of("path", "mail", "fsync", true), baseDir);
    }
}
