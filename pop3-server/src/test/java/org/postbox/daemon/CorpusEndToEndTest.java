package org.postbox.daemon;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;

/**
 * A running daemon with one mailbox holding every message of {@link TestMessages#corpus()}, shared
 * by the tests of one client library. Each subclass gets its own daemon and store.
 */
abstract class CorpusEndToEndTest {
    @TempDir
    static Path dir;

    static RunningDaemon daemon;
    static MailboxAddress alice;
    /** The corpus as delivered, by the unique id the store gave each message. */
    static final Map<String, byte[]> byUid = new HashMap<>();

    @BeforeAll
    static void startDaemon() {
        byUid.clear();
        daemon = RunningDaemon.start(dir);
        alice = daemon.addMailbox("alice@example.com");
        TestMessages.corpus().values().forEach(message -> byUid.put(daemon.deliver(alice, message), message));
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }
}
