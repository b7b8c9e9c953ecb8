package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.Pop3TestClient;
import org.slf4j.LoggerFactory;

/**
 * The login defences as the daemon wires them from its configuration, over real sockets:
 * OAUTHBEARER and XOAUTH2 with JWTs checked against a JWKS file, the failed-login line for each
 * mechanism, the per-client penalty (an attacker at 127.0.0.2 waits; the owner at 127.0.0.1 does
 * not), and the PROXY protocol naming the client.
 */
class LoginDefencesEndToEndTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");

    @TempDir
    Path dir;

    private PostboxDaemon daemon;
    private MailStore store;
    private final ListAppender<ILoggingEvent> failures = new ListAppender<>();

    @BeforeAll
    static void keys() throws Exception {
        JwtBearerTokensTest.keys();
    }

    @BeforeEach
    void capture() {
        failures.start();
        ((Logger) LoggerFactory.getLogger(LoginFailureLog.class)).addAppender(failures);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(LoginFailureLog.class)).detachAppender(failures);
        if (daemon != null) {
            daemon.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private InetSocketAddress start(String listenerExtra, String auth) throws Exception {
        Path jwks = JwtBearerTokensTest.jwks(dir, new JWKSet(List.of(JwtBearerTokensTest.rsa)));
        String yaml = String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: 0",
                "    default-domain: example.com",
                listenerExtra,
                "store:",
                "  type: maildir",
                "  path: " + dir.resolve("mail"),
                "  fsync: false",
                // Any free port: the default one may be taken by another daemon on the machine.
                "metrics:",
                "  port: 0",
                "auth:",
                "  plaintext-networks: [127.0.0.0/8, 198.51.100.0/24]",
                "  hash-threads: 2",
                "  mechanisms: [PLAIN, SCRAM-SHA-256, OAUTHBEARER, XOAUTH2]",
                "  oauth:",
                "    jwks-file: " + jwks,
                "    issuer: " + JwtBearerTokensTest.ISSUER,
                "    audience: " + JwtBearerTokensTest.AUDIENCE,
                auth,
                "");
        PostboxConfig config = PostboxConfig.parse(yaml, "test");
        daemon = PostboxDaemon.start(config);
        store = config.store().open();
        store.directory().addDomain("example.com");
        store.directory().addMailbox(ALICE, "{PLAIN}secret");
        return daemon.boundAddress("pop3");
    }

    /** A client from {@code from}, one of the loopback addresses; penalties keep some replies waiting. */
    private static Pop3TestClient connect(InetSocketAddress server, String from) throws IOException {
        Pop3TestClient client = Pop3TestClient.connectFrom(server, InetAddress.getByName(from));
        client.readTimeout(Duration.ofSeconds(60));
        return client;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerTokensLogInAndFailLikeTheRfcSays() throws Exception {
        InetSocketAddress server = start("", "  failure-delay: 100ms");
        String good = JwtBearerTokensTest.rs256(JwtBearerTokensTest.rsa, JwtBearerTokensTest.claims(ALICE.toString()).build());
        String forged = JwtBearerTokensTest.rs256(JwtBearerTokensTest.stranger,
                JwtBearerTokensTest.claims(ALICE.toString()).build());
        try (Pop3TestClient client = connect(server, "127.0.0.1")) {
            client.readLine();
            String error = client.command("AUTH OAUTHBEARER " + b64("n,a=" + ALICE + ",\u0001auth=Bearer " + forged + "\u0001\u0001"));
            assertThat(new String(Base64.getDecoder().decode(error.substring(2)), StandardCharsets.UTF_8))
                    .isEqualTo("{\"status\":\"invalid_token\"}");
            assertThat(client.command("AQ==")).isEqualTo("-ERR [AUTH] authentication failed");
            assertThat(client.command("AUTH XOAUTH2 " + b64("user=" + ALICE + "\u0001auth=Bearer " + good + "\u0001\u0001")))
                    .isEqualTo("+OK alice@example.com has 0 messages (0 octets)");
        }
        assertThat(failures.list).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .isEqualTo("pop3-login: Disconnected (auth failed, 1 attempts): user=<alice@example.com>,"
                        + " method=OAUTHBEARER, rip=127.0.0.1, session=<" + line.getMDCPropertyMap().get("session") + ">"));
    }

    @Test
    void aGoodBearerTokenOfAMailboxWithPop3OffIsToldSoOverEitherMechanism() throws Exception {
        InetSocketAddress server = start("", "  failure-delay: 100ms");
        store.directory().setMailboxPop3Enabled(ALICE, false);
        String good = JwtBearerTokensTest.rs256(JwtBearerTokensTest.rsa, JwtBearerTokensTest.claims(ALICE.toString()).build());
        try (Pop3TestClient client = connect(server, "127.0.0.1")) {
            client.readLine();
            assertThat(client.command("AUTH OAUTHBEARER " + b64("n,a=" + ALICE + ",\u0001auth=Bearer " + good + "\u0001\u0001")))
                    .isEqualTo("-ERR [AUTH] POP3 access is disabled for this mailbox");
            assertThat(client.command("AUTH XOAUTH2 " + b64("user=" + ALICE + "\u0001auth=Bearer " + good + "\u0001\u0001")))
                    .isEqualTo("-ERR [AUTH] POP3 access is disabled for this mailbox");
        }
        assertThat(failures.list).as("the token was good: no failed login").isEmpty();
    }

    @Test
    void anAttackersPenaltyDelaysOnlyTheAttacker() throws Exception {
        InetSocketAddress server = start("", "  failure-delay: 0s\n  penalty-initial: 1s\n  penalty-max: 2s");
        try (Pop3TestClient attacker = connect(server, "127.0.0.2"); Pop3TestClient owner = connect(server, "127.0.0.1")) {
            attacker.readLine();
            owner.readLine();
            // Three guesses: the second waits 1 s, the third 2 s (the cap).
            for (String guess : List.of("a", "b", "c")) {
                attacker.command("USER alice");
                long start = System.nanoTime();
                assertThat(attacker.command("PASS " + guess)).startsWith("-ERR [AUTH]");
                assertThat(System.nanoTime() - start).as("guess %s", guess)
                        .isGreaterThanOrEqualTo(guess.equals("a") ? 0 : TimeUnit.SECONDS.toNanos(guess.equals("b") ? 1 : 2));
            }
            // The fourth guess waits 2 s before it is even checked; the owner, meanwhile, is in.
            attacker.command("QUIT");
            try (Pop3TestClient again = connect(server, "127.0.0.2")) {
                again.readLine();
                again.command("USER alice");
                CompletableFuture<String> guess = CompletableFuture.supplyAsync(() -> {
                    try {
                        return again.command("PASS secret");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                owner.command("USER alice");
                assertThat(owner.command("PASS secret")).startsWith("+OK alice@example.com");
                assertThat(guess).isNotDone();
                assertThat(guess.get(30, TimeUnit.SECONDS)).startsWith("-ERR [IN-USE]");
            }
        }
        assertThat(failures.list).hasSize(3).allSatisfy(line ->
                assertThat(line.getFormattedMessage()).contains("method=PLAIN, rip=127.0.0.2"));
    }

    @Test
    void behindAProxyTheHeaderNamesTheClientInLogsAndPenalties() throws Exception {
        InetSocketAddress server = start("    proxy-protocol: true\n    proxy-protocol-trusted: [127.0.0.1]",
                "  failure-delay: 0s");
        try (Pop3TestClient client = connect(server, "127.0.0.1")) {
            assertThat(client.command("PROXY TCP4 198.51.100.23 127.0.0.1 40000 110")).startsWith("+OK Postbox ready");
            client.command("USER alice");
            assertThat(client.command("PASS wrong")).startsWith("-ERR [AUTH]");
        }
        try (Pop3TestClient untrusted = connect(server, "127.0.0.2")) {
            assertThat(untrusted.command("PROXY TCP4 198.51.100.24 127.0.0.1 40000 110")).isNull();
        }
        assertThat(failures.list).singleElement().satisfies(line ->
                assertThat(line.getFormattedMessage()).contains("rip=198.51.100.23"));
    }
}
