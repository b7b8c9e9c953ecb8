package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections that have not logged in cannot hold the listener's slots: they must log in within
 * the login timeout counted from connect, whatever they send meanwhile, and when the listener is
 * full the oldest of them make room for newcomers.
 */
class PreLoginLimitsTest {

    @TempDir
    Path temp;

    @Test
    void aClientSendingCapaOverAndOverIsStillDisconnectedAtTheLoginTimeout() throws Exception {
        try (TestServer server = TestServer.start(new MaildirStoreFixture(), temp,
                TestSettings.defaults().loginTimeout(Duration.ofSeconds(1)).build())) {
            server.addMailbox("alice@example.com", "secret");
            try (Pop3TestClient stalling = server.connect(); Pop3TestClient user = server.connect()) {
                assertThat(stalling.readLine()).isEqualTo("+OK Postbox ready.");
                assertThat(user.readLine()).isEqualTo("+OK Postbox ready.");
                assertThat(user.logIn("alice@example.com", "secret")).startsWith("+OK alice@example.com has 0 messages");

                long start = System.nanoTime();
                String status = null;
                int capas = 0;
                // Bounded, so that a server without the deadline fails the test instead of hanging it.
                long giveUp = start + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < giveUp) {
                    stalling.send("CAPA");
                    status = stalling.readLine();
                    if (!"+OK capability list follows".equals(status)) {
                        break;
                    }
                    assertThat(stalling.readMultiline()).contains("USER");
                    capas++;
                }
                assertThat(status).isEqualTo("-ERR no login in time, disconnecting");
                assertThat(stalling.readLine()).isNull();
                assertThat(capas).as("CAPAs answered before the deadline").isPositive();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

                user.send("STAT");
                assertThat(user.readLine()).as("a logged-in session outlives the login timeout").isEqualTo("+OK 0 0");
            }
        }
    }

    @Test
    void aFullListenerClosesItsOldestConnectionNotLoggedInInsteadOfRefusingANewClient() throws Exception {
        try (TestServer server = TestServer.start(new MaildirStoreFixture(), temp,
                TestSettings.defaults().maxConnections(3).build())) {
            server.addMailbox("alice@example.com", "secret");
            // Each greeted before the next connects: the listener registers connections on several
            // I/O threads, so only a greeting fixes which of two connections is the older.
            try (Pop3TestClient squatter = greeted(server.connect()); Pop3TestClient user = greeted(server.connect());
                    Pop3TestClient second = greeted(server.connect())) {
                assertThat(user.logIn("alice@example.com", "secret")).startsWith("+OK alice@example.com has 0 messages");

                try (Pop3TestClient newcomer = server.connect()) {
                    assertThat(newcomer.readLine()).isEqualTo("+OK Postbox ready.");
                    assertThat(squatter.readLine())
                            .isEqualTo("-ERR [SYS/TEMP] server full, closing the oldest connections that have not logged in");
                    assertThat(squatter.readLine()).isNull();
                    second.send("CAPA");
                    assertThat(second.readLine()).as("the younger one is spared").isEqualTo("+OK capability list follows");
                    assertThat(second.readMultiline()).contains("USER");
                    user.send("NOOP");
                    assertThat(user.readLine()).as("the logged-in one is spared").isEqualTo("+OK");
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptor().openSessions() == 0);
        }
    }

    private static Pop3TestClient greeted(Pop3TestClient client) throws Exception {
        assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
        return client;
    }
}
