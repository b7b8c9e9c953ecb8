package org.postbox.pop3.server;

import java.nio.file.Path;
import java.util.Map;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;

/** The Maildir backend, found the way the daemon finds it: by type, through the service loader. */
public final class MaildirStoreFixture implements StoreFixture {

    @Override
    public String name() {
        return "maildir";
    }

    @Override
    public MailStore open(Path directory) {
        // fsync buys nothing in a throw-away temp directory and costs test time.
        return MailStoreProvider.forType("maildir").open(Map.of("path", directory.toString(), "fsync", false), directory);
    }

    @Override
    public String toString() {
        return name();
    }
}
