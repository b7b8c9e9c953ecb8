package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.StoreConfigException;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/** Opening the store as the daemon and the CLI do, and what they hear when the database says no. */
class JpaStoreProviderTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void theProviderIsFoundByTypeAndOpensAWorkingStore() {
        PostgresDatabase database = POSTGRES.createDatabase();

        try (MailStore store = MailStoreProvider.forType("jpa").open(database.storeSettings(), Path.of("."))) {
            assertThat(store).isInstanceOf(JpaStore.class);
            store.directory().addDomain("example.org");
            assertThat(store.directory().domains()).hasSize(1);
        }
    }

    @Test
    void aMissingDatabaseIsAConfigurationErrorOnTheUrl() {
        PostgresDatabase database = POSTGRES.createDatabase();
        String url = database.url().replace(database.name(), "no_such_database");

        assertThatThrownBy(() -> MailStoreProvider.forType("jpa").open(Map.of("url", url, "user", database.user()), Path.of(".")))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.url"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownUserIsAConfigurationErrorOnTheCredentials() {
        PostgresDatabase database = POSTGRES.createDatabase();

        assertThatThrownBy(() -> MailStoreProvider.forType("jpa")
                        .open(Map.of("url", database.url(), "user", "no_such_role"), Path.of(".")))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.user"))
                .hasMessageContaining("refused the login");
    }

    @Test
    void anUnreachableServerIsUnavailableSoon() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();

        assertThatThrownBy(() -> MailStoreProvider.forType("jpa")
                        .open(Map.of("url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/postbox"), Path.of(".")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
