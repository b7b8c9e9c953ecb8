package org.postbox.lmtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import org.postbox.session.WorkerPool;

/**
 * A real {@link LmtpAcceptor} on 127.0.0.1 over a real store (Maildir in a temporary directory
 * unless a {@link StoreFixture} says otherwise), wrapped in a {@link ScriptedStore}, with what
 * tests need around it.
 */
final class TestServer implements AutoCloseable {

    private final ScriptedStore store;
    private final WorkerPool workers;
    private final LmtpAcceptor acceptor;
    private final InetSocketAddress address;
    private final LmtpSettings settings;

    private TestServer(ScriptedStore store, LmtpSettings settings, WorkerPool workers) throws IOException {
        this.store = store;
        this.settings = settings;
        this.workers = workers;
        this.acceptor = LmtpAcceptor.builder(settings, store, workers).build();
        this.address = acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    /** A server with {@link #settings(Path)} over a new Maildir store in {@code directory}. */
    static TestServer start(Path directory) throws IOException {
        return start(directory, settings(directory));
    }

    static TestServer start(Path directory, LmtpSettings settings) throws IOException {
        return start(new MaildirStoreFixture(), directory, settings);
    }

    /** A server over a new store of {@code fixture}'s backend, its files under {@code directory}. */
    static TestServer start(StoreFixture fixture, Path directory, LmtpSettings settings) throws IOException {
        return start(fixture, directory, settings, new WorkerPool("test-worker", 4, 1000));
    }

    /** A server whose blocking work runs on {@code workers}, which closing the server closes. */
    static TestServer start(StoreFixture fixture, Path directory, LmtpSettings settings, WorkerPool workers)
            throws IOException {
        return new TestServer(new ScriptedStore(fixture.open(directory.resolve("mail"))), settings, workers);
    }

    /** A server with {@link #settings(Path)} over a new Maildir store in {@code directory} as {@code around} wraps it. */
    static TestServer start(Path directory, UnaryOperator<MailStore> around) throws IOException {
        MailStore real = around.apply(new MaildirStoreFixture().open(directory.resolve("mail")));
        return new TestServer(new ScriptedStore(real), settings(directory), new WorkerPool("test-worker", 4, 1000));
    }

    /** The defaults, named "lmtp.test", spooling under {@code directory}. */
    static LmtpSettings settings(Path directory) {
        return LmtpSettings.defaults("lmtp.test", directory.resolve("spool"));
    }

    ScriptedStore store() {
        return store;
    }

    LmtpAcceptor acceptor() {
        return acceptor;
    }

    InetSocketAddress address() {
        return address;
    }

    LmtpSettings settings() {
        return settings;
    }

    LmtpTestClient connect() throws IOException {
        return LmtpTestClient.connect(address);
    }

    /** A mailbox in the store (its domain created if need be). */
    MailboxAddress addMailbox(String address) {
        MailboxAddress mailbox = MailboxAddress.parse(address);
        try {
            store.directory().addDomain(mailbox.domain());
        } catch (AlreadyExistsException exists) {
            // Several mailboxes of one domain.
        }
        store.directory().addMailbox(mailbox, "{PLAIN}x");
        return mailbox;
    }

    /** The stored messages of a mailbox, read through a maildrop, in delivery order. */
    List<byte[]> messages(String address) {
        try (Maildrop maildrop = store.open(MailboxAddress.parse(address))) {
            List<byte[]> messages = new ArrayList<>();
            for (int n = 1; n <= maildrop.messages().size(); n++) {
                try (InputStream content = maildrop.content(n)) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    content.transferTo(bytes);
                    messages.add(bytes.toByteArray());
                }
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int messageCount(String address) {
        try (Maildrop maildrop = store.open(MailboxAddress.parse(address))) {
            return maildrop.messages().size();
        }
    }

    /** Files in the spool directory (there should never be any: spool files are unlinked at once). */
    long spoolFiles() throws IOException {
        if (!Files.isDirectory(settings.spoolDirectory())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(settings.spoolDirectory())) {
            return files.count();
        }
    }

    /** Stops the listener, then its workers, then the store. */
    @Override
    public void close() {
        try (store; workers) {
            acceptor.shutdown(Duration.ofSeconds(5));
        }
    }
}
