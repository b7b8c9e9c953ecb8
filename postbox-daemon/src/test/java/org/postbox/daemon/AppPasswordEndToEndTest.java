package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import org.postbox.password.GeneratedPassword;

/**
 * App passwords over real POP3 connections to a running daemon, on each store backend: they log
 * in with USER/PASS, AUTH PLAIN and AUTH LOGIN next to the mailbox's own password, and a revocation
 * made through another store instance (the CLI, in another process) counts at the next login.
 */
@ParameterizedClass(name = "store.type: {0}")
@MethodSource("stores")
class AppPasswordEndToEndTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static List<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES);
    }

    private static final String ALICE_OK = "+OK alice@example.com has 1 messages (";
    private static final String AUTH_FAILED = "-ERR [AUTH] authentication failed";

    @TempDir
    Path dir;

    @Parameter
    StoreFixture backend;

    private RunningDaemon daemon;
    private MailboxAddress alice;
    /** The daemon's store is another instance: this one stands for the CLI. */
    private Directory cli;

    @BeforeEach
    void start() {
        daemon = RunningDaemon.startWithStore(RunningDaemon.storeSection(backend, dir), "");
        alice = daemon.addMailbox("alice@example.com");
        daemon.deliver(alice, "Subject: hello\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
        cli = daemon.store().directory();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void anAppPasswordLogsInWithEveryPlainTextMechanismUntilItIsRevoked() throws Exception {
        GeneratedPassword phone = GeneratedPassword.create();
        GeneratedPassword laptop = GeneratedPassword.create();
        cli.addAppPassword(alice, "phone", phone.hash());
        cli.addAppPassword(alice, "laptop", laptop.hash());

        assertThat(userPass("127.0.0.1", "alice", phone.password())).startsWith(ALICE_OK);
        assertThat(authPlain("127.0.0.1", phone.password())).startsWith(ALICE_OK);
        assertThat(authLogin("127.0.0.1", phone.password())).startsWith(ALICE_OK);

        cli.revokeAppPassword(alice, "phone");

        assertThat(userPass("127.0.0.1", "alice@example.com", laptop.password())).startsWith(ALICE_OK);
        assertThat(authPlain("127.0.0.1", RunningDaemon.PASSWORD)).startsWith(ALICE_OK);
        // Each failure from a client address of its own: a second one from the same address would
        // wait for that address's penalty first.
        assertThat(userPass("127.0.0.2", "alice", phone.password())).isEqualTo(AUTH_FAILED);
        assertThat(authPlain("127.0.0.3", phone.password())).isEqualTo(AUTH_FAILED);
        assertThat(authLogin("127.0.0.4", phone.password())).isEqualTo(AUTH_FAILED);
    }

    @Test
    void anAppPasswordIsNoPasswordOfAnotherMailbox() throws Exception {
        MailboxAddress bob = daemon.addMailbox("bob@example.com");
        GeneratedPassword phone = GeneratedPassword.create();
        cli.addAppPassword(bob, "phone", phone.hash());

        assertThat(userPass("127.0.0.5", "alice", phone.password())).isEqualTo(AUTH_FAILED);
        assertThat(userPass("127.0.0.1", "bob", phone.password())).startsWith("+OK bob@example.com has 0 messages");
    }

    private String userPass(String from, String user, String password) throws IOException {
        try (Client client = new Client(daemon.address(), from)) {
            client.send("USER " + user);
            return client.finish(client.send("PASS " + password));
        }
    }

    private String authPlain(String from, String password) throws IOException {
        try (Client client = new Client(daemon.address(), from)) {
            return client.finish(client.send("AUTH PLAIN " + b64("\0alice@example.com\0" + password)));
        }
    }

    private String authLogin(String from, String password) throws IOException {
        try (Client client = new Client(daemon.address(), from)) {
            assertThat(client.send("AUTH LOGIN")).isEqualTo("+ " + b64("Username:"));
            assertThat(client.send(b64("alice"))).isEqualTo("+ " + b64("Password:"));
            return client.finish(client.send(b64(password)));
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A line-at-a-time client from a chosen loopback address. */
    private static final class Client implements AutoCloseable {
        private final Socket socket = new Socket();
        private final BufferedReader in;
        private final OutputStream out;

        Client(InetSocketAddress server, String from) throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(server, 10_000);
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
        }

        String send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        /**
         * Returns {@code reply} after ending the session with QUIT and waiting for the server to
         * close, so that the maildrop is free again for the next login.
         */
        String finish(String reply) throws IOException {
            assertThat(send("QUIT")).startsWith("+OK");
            assertThat(in.readLine()).as("the server closes after QUIT").isNull();
            return reply;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
