package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailboxAddress;

/** Connections per client address, sessions per mailbox and address, LOGIN-DELAY: over real sockets. */
class ClientLimitsTest {

    private static final String ALICE = "alice@example.com";

    @TempDir
    Path temp;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private TestServer server(ClientLimits limits) throws IOException {
        TestServer server = TestServer.start(new MaildirStoreFixture(), temp, TestSettings.defaults().build(),
                AccessPolicy.defaults().withLimits(limits));
        server.addMailbox(ALICE, "secret");
        return server;
    }

    @Test
    void aClientGetsOnlySoManyConnections() throws Exception {
        try (TestServer server = server(new ClientLimits(2, 10, LoginDelays.none()));
                Pop3TestClient first = server.connect(); Pop3TestClient second = server.connect()) {
            assertThat(first.readLine()).startsWith("+OK");
            assertThat(second.readLine()).startsWith("+OK");
            try (Pop3TestClient third = server.connect()) {
                assertThat(third.readLine()).isEqualTo("-ERR [SYS/TEMP] too many connections from your address, try again later");
                assertThat(third.readLine()).isNull();
            }
            first.send("QUIT");
            first.readLine();
            assertThat(first.readLine()).isNull();
            // The place the first one held is free again.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Pop3TestClient fourth = server.connect()) {
                    assertThat(fourth.readLine()).startsWith("+OK Postbox ready");
                }
            });
        }
    }

    @Test
    void aMailboxGetsOnlySoManySessionsFromOneClient() throws Exception {
        try (TestServer server = server(new ClientLimits(100, 1, LoginDelays.none()));
                Pop3TestClient first = server.connect(); Pop3TestClient second = server.connect()) {
            first.readLine();
            second.readLine();
            assertThat(first.logIn(ALICE, "secret")).startsWith("+OK alice@example.com");
            assertThat(second.logIn(ALICE, "secret")).isEqualTo("-ERR [IN-USE] too many sessions of this mailbox from your address");
            first.send("QUIT");
            first.readLine();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(second.logIn(ALICE, "secret")).startsWith("+OK alice@example.com"));
        }
    }

    @Test
    void loginDelayIsAdvertisedAndEnforcedAfterTheRightPassword() throws Exception {
        ClientLimits limits = new ClientLimits(100, 10, new LoginDelays(Duration.ofMinutes(5), clock::get));
        try (TestServer server = server(limits)) {
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                client.send("CAPA");
                assertThat(client.readMultiline()).contains("LOGIN-DELAY 300");
                assertThat(client.logIn(ALICE, "secret")).startsWith("+OK");
                client.send("QUIT");
                client.readLine();
            }
            clock.addAndGet(Duration.ofSeconds(100).toNanos());
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                client.send("USER " + ALICE);
                client.readLine();
                client.send("PASS wrong");
                assertThat(client.readLine()).isEqualTo("-ERR [AUTH] authentication failed");
                assertThat(client.logIn(ALICE, "secret")).isEqualTo("-ERR [LOGIN-DELAY] wait 200 more seconds before logging in again");
            }
            clock.addAndGet(Duration.ofSeconds(200).toNanos());
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                assertThat(client.logIn(ALICE, "secret")).startsWith("+OK");
            }
        }
    }

    @Test
    void theStoresLoginDelayIsAdvertisedPerMailboxAndEnforcedFromTheHistory() throws Exception {
        try (TestServer server = server(new ClientLimits(100, 10, LoginDelays.none()))) {
            MailboxAddress alice = MailboxAddress.parse(ALICE);
            MailboxAddress bob = server.addMailbox("bob@example.com", "secret");
            server.store().directory().setDomainLoginDelay("example.com", Duration.ofMinutes(5));
            server.store().directory().setMailboxLoginDelay(bob, Optional.of(Duration.ofMinutes(1)));
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                // Before login: the least any mailbox has, and that it depends on the user.
                assertThat(client.capabilities()).contains("LOGIN-DELAY 60 USER");
                assertThat(client.logIn(ALICE, "secret")).startsWith("+OK");
                assertThat(client.capabilities()).contains("LOGIN-DELAY 300").doesNotContain("LOGIN-DELAY 60 USER");
                client.send("QUIT");
                client.readLine();
            }
            int logins = server.store().history().events(alice, Instant.EPOCH).size();
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                assertThat(client.logIn(ALICE, "secret"))
                        .matches("-ERR \\[LOGIN-DELAY\\] wait (29\\d|300) more seconds before logging in again");
                // Refused before the maildrop was opened: no login recorded.
                assertThat(server.store().history().events(alice, Instant.EPOCH)).hasSize(logins);
            }
            // Bob's previous login was longer ago than his own minute.
            Instant earlier = Instant.now().minusSeconds(61);
            server.store().history().append(bob, List.of(new HistoryEvent.Login(earlier, "00000001", "192.0.2.1",
                    Optional.empty(), "USER")), HistoryRetention.DEFAULTS, earlier);
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                assertThat(client.logIn("bob@example.com", "secret")).startsWith("+OK");
                assertThat(client.capabilities()).contains("LOGIN-DELAY 60");
            }
        }
    }
}
