package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.StoreFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.pop3.server.tls.ListenerTls;
import org.postbox.session.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;

/** A real {@link Pop3Acceptor} on 127.0.0.1 over a real store, with what tests need around it. */
public final class TestServer implements AutoCloseable {

    private final MailStore store;
    private final TestAuthenticator authenticator = new TestAuthenticator();
    private final WorkerPool workers;
    private final Pop3Acceptor acceptor;
    private final InetSocketAddress address;

    private TestServer(MailStore store, Pop3Settings settings, ListenerTls tls) throws IOException {
        this(store, settings, tls, AccessPolicy.defaults(), new WorkerPool("test-worker", 4, 1000));
    }

    private TestServer(MailStore store, Pop3Settings settings, ListenerTls tls, AccessPolicy access) throws IOException {
        this(store, settings, tls, access, new WorkerPool("test-worker", 4, 1000));
    }

    private TestServer(MailStore store, Pop3Settings settings, ListenerTls tls, AccessPolicy access, WorkerPool workers)
            throws IOException {
        this.store = store;
        this.workers = workers;
        this.acceptor = Pop3Acceptor.builder(settings, store, authenticator, workers).tls(tls).access(access).build();
        this.address = acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    public static TestServer start(StoreFixture fixture, Path directory, Pop3Settings settings) throws IOException {
        return start(fixture, directory, settings, ListenerTls.none());
    }

    /** A listener with TLS (STLS or implicit) as {@code tls} says. */
    public static TestServer start(StoreFixture fixture, Path directory, Pop3Settings settings, ListenerTls tls)
            throws IOException {
        return new TestServer(fixture.open(directory), settings, tls);
    }

    /** A listener without TLS whose logins follow {@code access} (mechanisms, limits, PROXY protocol). */
    public static TestServer start(StoreFixture fixture, Path directory, Pop3Settings settings, AccessPolicy access)
            throws IOException {
        return new TestServer(fixture.open(directory), settings, ListenerTls.none(), access);
    }

    /** A listener with TLS as {@code tls} says, whose logins follow {@code access}. */
    public static TestServer start(StoreFixture fixture, Path directory, Pop3Settings settings, ListenerTls tls,
            AccessPolicy access) throws IOException {
        return new TestServer(fixture.open(directory), settings, tls, access);
    }

    /** A listener without TLS whose blocking work runs on {@code workers}, which closing the server closes. */
    public static TestServer start(StoreFixture fixture, Path directory, Pop3Settings settings, WorkerPool workers)
            throws IOException {
        return new TestServer(fixture.open(directory), settings, ListenerTls.none(), AccessPolicy.defaults(), workers);
    }

    public MailStore store() {
        return store;
    }

    public TestAuthenticator authenticator() {
        return authenticator;
    }

    public Pop3Acceptor acceptor() {
        return acceptor;
    }

    public InetSocketAddress address() {
        return address;
    }

    public Pop3TestClient connect() throws IOException {
        return Pop3TestClient.connect(address);
    }

    /** A mailbox in the store, with a password the authenticator accepts. */
    public MailboxAddress addMailbox(String address, String password) {
        MailboxAddress mailbox = MailboxAddress.parse(address);
        try {
            store.directory().addDomain(mailbox.domain());
        } catch (AlreadyExistsException exists) {
            // Several mailboxes of one domain.
        }
        store.directory().addMailbox(mailbox, "{PLAIN}" + password);
        authenticator.password(mailbox, password);
        return mailbox;
    }

    public void deliver(String address, MessageSource message) {
        List<DeliveryOutcome> outcome = store.deliver(List.of(MailboxAddress.parse(address)), message);
        assertThat(outcome).singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    /** Messages in the mailbox, read through a maildrop (so this also fails while it is locked). */
    public int messageCount(String address) {
        try (Maildrop maildrop = store.open(MailboxAddress.parse(address))) {
            return maildrop.messages().size();
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
