package org.postbox.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.mailstore.jpa.testing.StoreFixture;

/**
 * A running daemon with one mailbox holding every message of {@link TestMessages#corpus()}, shared
 * by the tests of one client library. Every subclass runs all its tests once per store backend,
 * each time with a daemon and a store of its own, configured by {@code store.type}.
 */
@ParameterizedClass(name = "store.type: {0}")
@MethodSource("stores")
abstract class CorpusEndToEndTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static List<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES);
    }

    @TempDir
    static Path dir;

    static RunningDaemon daemon;
    static MailboxAddress alice;
    /** The corpus as delivered, by the unique id the store gave each message. */
    static final Map<String, byte[]> byUid = new HashMap<>();

    /** This invocation's backend; declared so that {@link #startDaemon} receives it. */
    @Parameter
    StoreFixture backend;

    @BeforeParameterizedClassInvocation
    static void startDaemon(StoreFixture backend) {
        byUid.clear();
        daemon = RunningDaemon.startWithStore(RunningDaemon.storeSection(backend, dir.resolve(backend.name())), "");
        alice = daemon.addMailbox("alice@example.com");
        TestMessages.corpus().values().forEach(message -> byUid.put(daemon.deliver(alice, message), message));
    }

    @AfterParameterizedClassInvocation
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }
}
