package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.AuthConfig;
import org.postbox.config.NetworkSet;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.PasswordSchemes;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;

/** A suspended mailbox, or a mailbox of a suspended domain, is refused like a wrong password. */
class SuspendedLoginTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @TempDir
    Path dir;

    private MailStore store;
    private PasswordAuthenticator authenticator;

    @BeforeEach
    void setUp() {
        store = MailStoreProvider.forType("maildir").open(Map.of("path", "mail", "fsync", false), dir);
        store.directory().addDomain("example.com");
        store.directory().addMailbox(ALICE, "{PLAIN}secret");
        AuthConfig config = new AuthConfig(NetworkSet.parse("auth.plaintext-networks", List.of()), Duration.ZERO,
                Duration.ofMinutes(5), 100, 1);
        authenticator = new PasswordAuthenticator(store.directory(), config, Duration.ofMinutes(1), PasswordSchemes::verify,
                () -> "{PLAIN}dummy", System::nanoTime);
    }

    @AfterEach
    void tearDown() {
        authenticator.close();
        store.close();
    }

    @Test
    void aSuspendedMailboxCannotLogInEvenWithAVerifiedPasswordCached() throws Exception {
        assertThat(login("secret")).isEqualTo(new AuthResult.Success(ALICE));

        store.directory().setMailboxSuspended(ALICE, true);

        assertThat(login("secret")).isEqualTo(new AuthResult.Failure());
        assertThat(lookUp()).isInstanceOf(Lookup.Missing.class);

        store.directory().setMailboxSuspended(ALICE, false);

        assertThat(login("secret")).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(lookUp()).isInstanceOf(Lookup.Found.class);
    }

    @Test
    void aSuspendedDomainKeepsAllOfItsMailboxesOut() throws Exception {
        store.directory().setDomainSuspended("example.com", true);

        assertThat(login("secret")).isEqualTo(new AuthResult.Failure());

        store.directory().setDomainSuspended("example.com", false);

        assertThat(login("secret")).isEqualTo(new AuthResult.Success(ALICE));
    }

    /** Each attempt from a client address of its own, so that no penalty of an earlier failure applies. */
    private AuthResult login(String password) throws Exception {
        return authenticator.authenticate(ALICE, password, client()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Lookup lookUp() throws Exception {
        return authenticator.lookUp(ALICE, client()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static InetSocketAddress client() {
        return new InetSocketAddress("198.51.100." + (CLIENTS.incrementAndGet() % 250 + 1), 40000);
    }
}
