package org.postbox.mailstore.maildir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.QuotaUsage;
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

    /** As another Maildir++ agent would: a {@code maildirsize} whose summary line disagrees with the Maildir. */
    @Override
    protected void injectUsageDrift(StoreLocation location, MailboxAddress address, QuotaUsage wrong) throws Exception {
        Path maildirsize = baseDir.resolve("mail").resolve(address.domain()).resolve(address.localPart())
                .resolve("Maildir/maildirsize");
        String limits = Files.readAllLines(maildirsize, StandardCharsets.US_ASCII).get(0);
        Files.writeString(maildirsize, limits + "\n" + wrong.storedOctets() + " " + wrong.messages() + "\n",
                StandardCharsets.US_ASCII);
    }
}
