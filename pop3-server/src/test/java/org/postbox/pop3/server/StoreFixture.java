package org.postbox.pop3.server;

import java.nio.file.Path;
import org.postbox.mailstore.MailStore;

/**
 * A store backend for the engine tests. Every transcript and focused test runs against each
 * fixture of {@link StoreFixtures}, so a new backend only adds an implementation there.
 */
public interface StoreFixture {

    /** Shown in test names. */
    String name();

    /** A fresh, empty store whose data lives under {@code directory} (or elsewhere, isolated per call). */
    MailStore open(Path directory);
}
