package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.postbox.password.GeneratedPassword;
import org.postbox.password.PasswordSchemes;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Plain-text logins with app passwords against a real store, changed through a second store
 * instance as the CLI in another process changes it, with the verified-credentials cache on.
 */
class AppPasswordAuthenticationTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @TempDir
    Path dir;

    private MailStore daemonStore;
    private MailStore cliStore;
    private PasswordAuthenticator authenticator;
    private final AtomicInteger verifications = new AtomicInteger();
    // Takes each event's MDC on the thread that logs it, not later on the test's thread.
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    @BeforeEach
    void setUp() {
        daemonStore = open();
        cliStore = open();
        cliStore.directory().addDomain("example.com");
        cliStore.directory().addMailbox(ALICE, "{PLAIN}main secret");
        AuthConfig config = new AuthConfig(NetworkSet.parse("auth.plaintext-networks", List.of()), Duration.ZERO,
                Duration.ofMinutes(5), 100, 1);
        authenticator = new PasswordAuthenticator(daemonStore.directory(), config, Duration.ofMinutes(1), (stored, password) -> {
            verifications.incrementAndGet();
            return PasswordSchemes.verify(stored, password);
        }, () -> "{PLAIN}dummy", System::nanoTime);
        lines.start();
        ((Logger) LoggerFactory.getLogger(PasswordAuthenticator.class)).addAppender(lines);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(PasswordAuthenticator.class)).detachAppender(lines);
        authenticator.close();
        daemonStore.close();
        cliStore.close();
        MDC.clear();
    }

    private MailStore open() {
        return MailStoreProvider.forType("maildir").open(Map.of("path", "mail", "fsync", false), dir);
    }

    @Test
    void anAppPasswordLogsInBesideTheMainPassword() throws Exception {
        GeneratedPassword phone = GeneratedPassword.create();
        GeneratedPassword laptop = GeneratedPassword.create();
        cliStore.directory().addAppPassword(ALICE, "phone", phone.hash());
        cliStore.directory().addAppPassword(ALICE, "laptop", laptop.hash());

        assertThat(login(phone.password())).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(login(laptop.password())).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(login("main secret")).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(login(GeneratedPassword.create().password())).isEqualTo(new AuthResult.Failure());
        assertThat(login(phone.password().toUpperCase(java.util.Locale.ROOT))).isEqualTo(new AuthResult.Failure());
    }

    @Test
    void aRevokedAppPasswordFailsAtItsNextLoginThoughItWasCached() throws Exception {
        GeneratedPassword phone = GeneratedPassword.create();
        GeneratedPassword laptop = GeneratedPassword.create();
        cliStore.directory().addAppPassword(ALICE, "phone", phone.hash());
        cliStore.directory().addAppPassword(ALICE, "laptop", laptop.hash());
        assertThat(login(phone.password())).isEqualTo(new AuthResult.Success(ALICE));
        int checked = verifications.get();
        assertThat(login(phone.password())).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(verifications).as("the second login is answered from the cache").hasValue(checked);

        cliStore.directory().revokeAppPassword(ALICE, "phone");

        assertThat(login(phone.password())).isEqualTo(new AuthResult.Failure());
        assertThat(login(laptop.password())).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(login("main secret")).isEqualTo(new AuthResult.Success(ALICE));
    }

    @Test
    void aNameAddedAgainWithANewPasswordDoesNotLetTheOldOneIn() throws Exception {
        GeneratedPassword old = GeneratedPassword.create();
        cliStore.directory().addAppPassword(ALICE, "phone", old.hash());
        assertThat(login(old.password())).isEqualTo(new AuthResult.Success(ALICE));

        GeneratedPassword replacement = GeneratedPassword.create();
        cliStore.directory().revokeAppPassword(ALICE, "phone");
        cliStore.directory().addAppPassword(ALICE, "phone", replacement.hash());

        assertThat(login(old.password())).isEqualTo(new AuthResult.Failure());
        assertThat(login(replacement.password())).isEqualTo(new AuthResult.Success(ALICE));
    }

    @Test
    void aRemovedMailboxTakesItsAppPasswordsOutOfTheCacheToo() throws Exception {
        GeneratedPassword phone = GeneratedPassword.create();
        cliStore.directory().addAppPassword(ALICE, "phone", phone.hash());
        assertThat(login(phone.password())).isEqualTo(new AuthResult.Success(ALICE));

        cliStore.directory().removeMailbox(ALICE);
        cliStore.directory().addMailbox(ALICE, "{PLAIN}main secret");

        assertThat(login(phone.password())).isEqualTo(new AuthResult.Failure());
    }

    @Test
    void theLogNamesTheAppPasswordButNeverThePasswordOrItsHash() throws Exception {
        GeneratedPassword phone = GeneratedPassword.create();
        cliStore.directory().addAppPassword(ALICE, "thunderbird", phone.hash());
        MDC.put(PasswordAuthenticator.SESSION_MDC_KEY, "s-7");

        AuthResult result = authenticator.authenticate(ALICE, phone.password(), "LOGIN", client())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        MDC.put(PasswordAuthenticator.SESSION_MDC_KEY, "s-8");
        assertThat(login("main secret")).isEqualTo(new AuthResult.Success(ALICE));

        assertThat(result).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).isEqualTo(
                    "password verified user=alice@example.com method=LOGIN (app password 'thunderbird')");
            assertThat(line.getMDCPropertyMap()).containsEntry(PasswordAuthenticator.SESSION_MDC_KEY, "s-7");
        });
        assertThat(lines.list.get(0).getFormattedMessage()).doesNotContain(phone.password(), phone.hash());
    }

    @Test
    void anAppPasswordThatCannotBeCheckedIsSkipped() throws Exception {
        GeneratedPassword laptop = GeneratedPassword.create();
        cliStore.directory().addAppPassword(ALICE, "broken", "{NO-SUCH-SCHEME}abc");
        cliStore.directory().addAppPassword(ALICE, "laptop", laptop.hash());

        assertThat(login(laptop.password())).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(login("main secret")).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).startsWith("cannot check app password 'broken' of alice@example.com"));
    }

    @Test
    void challengeResponseMechanismsSeeOnlyTheMainHash() throws Exception {
        cliStore.directory().addAppPassword(ALICE, "phone", GeneratedPassword.create().hash());

        Lookup lookup = authenticator.lookUp(ALICE, client()).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(lookup).isEqualTo(new Lookup.Found(ALICE, new StoredHashSecret(ALICE, "{PLAIN}main secret")));
    }

    @Test
    void aSuspendedMailboxIsRefusedWithItsAppPasswordsToo() throws Exception {
        GeneratedPassword phone = GeneratedPassword.create();
        cliStore.directory().addAppPassword(ALICE, "phone", phone.hash());
        assertThat(login(phone.password())).isEqualTo(new AuthResult.Success(ALICE));

        cliStore.directory().setMailboxSuspended(ALICE, true);

        assertThat(login(phone.password())).isEqualTo(new AuthResult.Failure());
    }

    /** Each attempt from a client address of its own, so that no penalty of an earlier failure applies. */
    private AuthResult login(String password) throws Exception {
        return authenticator.authenticate(ALICE, password, client()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static InetSocketAddress client() {
        return new InetSocketAddress("198.51.100." + (CLIENTS.incrementAndGet() % 250 + 1), 40000);
    }
}
