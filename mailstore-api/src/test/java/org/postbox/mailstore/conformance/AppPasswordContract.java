package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.postbox.mailstore.conformance.TestMessages.OTHER_PASSWORD_HASH;
import static org.postbox.mailstore.conformance.TestMessages.PASSWORD_HASH;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchAppPasswordException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaExceededException;

/**
 * App passwords ({@link Directory#addAppPassword}, {@link Directory#appPasswords},
 * {@link Directory#revokeAppPassword}) and how they reach {@link Account#appPasswords()}.
 */
public interface AppPasswordContract extends ConformanceFixture {

    /** Distinct opaque hashes; the store never interprets them. */
    static String hash(int n) {
        return String.format("{SSHA512}YXBwIHBhc3N3b3JkIGhhc2ggbnVtYmVy%04d", n);
    }

    @Test
    default void aNewMailboxHasNoAppPasswords() {
        MailboxAddress alice = mailbox("alice@example.org");

        assertThat(directory().appPasswords(alice)).isEmpty();
        assertThat(directory().account(alice)).map(Account::appPasswords).contains(List.of());
    }

    @Test
    default void appPasswordsAreListedByNameWithTheirHashAndCreationTime() {
        MailboxAddress alice = mailbox("alice@example.org");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        AppPassword thunderbird = directory().addAppPassword(alice, "thunderbird", hash(1));
        directory().addAppPassword(MailboxAddress.parse("Alice@Example.ORG"), "Phone_2.old-one", hash(2));
        directory().addAppPassword(alice, "2fa-less", hash(3));

        Instant after = Instant.now();
        // Sorted as ASCII: digits, then upper case, then lower case.
        assertThat(directory().appPasswords(alice)).extracting(AppPassword::name)
                .containsExactly("2fa-less", "Phone_2.old-one", "thunderbird");
        assertThat(directory().appPasswords(alice)).extracting(AppPassword::passwordHash)
                .containsExactly(hash(3), hash(2), hash(1));
        assertThat(directory().appPasswords(alice)).allSatisfy(app ->
                assertThat(app.created()).isBetween(before, after));
        assertThat(thunderbird.name()).isEqualTo("thunderbird");
        assertThat(thunderbird.passwordHash()).isEqualTo(hash(1));
        assertThat(directory().appPasswords(alice)).contains(thunderbird);
    }

    @Test
    default void theAccountCarriesTheAppPasswordsNextToTheMainHash() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().addAppPassword(alice, "phone", hash(1));
        directory().addAppPassword(alice, "laptop", hash(2));

        Account account = directory().account(alice).orElseThrow();

        assertThat(account.passwordHash()).isEqualTo(PASSWORD_HASH);
        assertThat(account.appPasswords()).isEqualTo(directory().appPasswords(alice));
        assertThat(account.appPasswords()).extracting(AppPassword::name).containsExactly("laptop", "phone");
        assertThat(directory().account(bob)).map(Account::appPasswords).contains(List.of());
    }

    @Test
    default void aNameIsUniquePerMailboxButMayRecurInOtherMailboxes() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().addAppPassword(alice, "phone", hash(1));

        assertThatThrownBy(() -> directory().addAppPassword(alice, "phone", hash(2)))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("phone").hasMessageContaining("alice@example.org");
        directory().addAppPassword(bob, "phone", hash(3));
        directory().addAppPassword(alice, "Phone", hash(4));

        assertThat(directory().appPasswords(alice)).extracting(AppPassword::name, AppPassword::passwordHash)
                .containsExactly(tuple("Phone", hash(4)),
                        tuple("phone", hash(1)));
        assertThat(directory().appPasswords(bob)).extracting(AppPassword::passwordHash).containsExactly(hash(3));
    }

    @Test
    default void unknownMailboxesHaveNoAppPasswords() {
        mailbox("alice@example.org");
        MailboxAddress ghost = MailboxAddress.parse("ghost@example.org");
        MailboxAddress nowhere = MailboxAddress.parse("alice@nowhere.example");

        for (MailboxAddress missing : List.of(ghost, nowhere)) {
            assertThatThrownBy(() -> directory().addAppPassword(missing, "phone", hash(1)))
                    .isInstanceOf(NoSuchMailboxException.class);
            assertThatThrownBy(() -> directory().appPasswords(missing)).isInstanceOf(NoSuchMailboxException.class);
            assertThatThrownBy(() -> directory().revokeAppPassword(missing, "phone"))
                    .isInstanceOf(NoSuchMailboxException.class);
        }
        assertThat(directory().account(ghost)).isEmpty();
    }

    @Test
    default void invalidNamesAndHashesAreRefusedWithAReason() {
        MailboxAddress alice = mailbox("alice@example.org");

        for (String name : List.of("", "with space", "colon:name", "slash/name", "ümlaut", "x".repeat(65))) {
            assertThatThrownBy(() -> directory().addAppPassword(alice, name, hash(1)))
                    .as("name '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("app password name");
        }
        assertThatThrownBy(() -> directory().revokeAppPassword(alice, "with space"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory().addAppPassword(alice, "phone", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory().addAppPassword(alice, "phone", "{PLAIN}two\nlines"))
                .isInstanceOf(IllegalArgumentException.class);

        directory().addAppPassword(alice, "x".repeat(64), hash(1));
        assertThat(directory().appPasswords(alice)).extracting(AppPassword::name).containsExactly("x".repeat(64));
    }

    @Test
    default void revokingRemovesOnlyThatAppPasswordAndFreesItsName() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().addAppPassword(alice, "phone", hash(1));
        directory().addAppPassword(alice, "laptop", hash(2));
        directory().addAppPassword(bob, "phone", hash(3));

        directory().revokeAppPassword(alice, "phone");

        assertThat(directory().appPasswords(alice)).extracting(AppPassword::name).containsExactly("laptop");
        assertThat(directory().account(alice).orElseThrow().appPasswords()).extracting(AppPassword::name)
                .containsExactly("laptop");
        assertThat(directory().appPasswords(bob)).extracting(AppPassword::name).containsExactly("phone");
        assertThat(directory().account(alice)).map(Account::passwordHash).contains(PASSWORD_HASH);

        directory().addAppPassword(alice, "phone", hash(4));
        assertThat(directory().appPasswords(alice)).extracting(AppPassword::passwordHash).containsExactly(hash(2), hash(4));
    }

    @Test
    default void revokingAnUnknownNameIsRefused() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().addAppPassword(alice, "phone", hash(1));

        assertThatThrownBy(() -> directory().revokeAppPassword(alice, "tablet"))
                .isInstanceOf(NoSuchAppPasswordException.class)
                .hasMessageContaining("tablet").hasMessageContaining("alice@example.org");
        assertThatThrownBy(() -> directory().revokeAppPassword(alice, "PHONE"))
                .isInstanceOf(NoSuchAppPasswordException.class);
        assertThat(directory().appPasswords(alice)).hasSize(1);
    }

    @Test
    default void changingTheMainPasswordKeepsTheAppPasswords() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().addAppPassword(alice, "phone", hash(1));

        directory().setPasswordHash(alice, OTHER_PASSWORD_HASH);

        Account account = directory().account(alice).orElseThrow();
        assertThat(account.passwordHash()).isEqualTo(OTHER_PASSWORD_HASH);
        assertThat(account.appPasswords()).extracting(AppPassword::passwordHash).containsExactly(hash(1));
    }

    @Test
    default void aRemovedMailboxTakesItsAppPasswordsWithIt() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().addAppPassword(alice, "phone", hash(1));
        directory().addAppPassword(bob, "phone", hash(2));

        directory().removeMailbox(alice);

        assertThat(directory().account(alice)).isEmpty();
        assertThatThrownBy(() -> directory().appPasswords(alice)).isInstanceOf(NoSuchMailboxException.class);
        directory().addMailbox(alice, PASSWORD_HASH);
        assertThat(directory().appPasswords(alice)).isEmpty();
        assertThat(directory().account(alice)).map(Account::appPasswords).contains(List.of());
        assertThat(directory().appPasswords(bob)).extracting(AppPassword::passwordHash).containsExactly(hash(2));
    }

    @Test
    default void aMailboxHasAtMostTheMaximumNumberOfAppPasswords() {
        MailboxAddress alice = mailbox("alice@example.org");
        for (int i = 0; i < AppPassword.MAX_PER_MAILBOX; i++) {
            directory().addAppPassword(alice, "device-" + i, hash(i));
        }

        assertThatThrownBy(() -> directory().addAppPassword(alice, "one-too-many", hash(99)))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining(String.valueOf(AppPassword.MAX_PER_MAILBOX))
                .hasMessageContaining("alice@example.org");
        assertThat(directory().appPasswords(alice)).hasSize(AppPassword.MAX_PER_MAILBOX)
                .extracting(AppPassword::name).doesNotContain("one-too-many");

        directory().revokeAppPassword(alice, "device-7");
        directory().addAppPassword(alice, "one-too-many", hash(99));
        assertThat(directory().appPasswords(alice)).hasSize(AppPassword.MAX_PER_MAILBOX);
    }

    /** The CLI adds and revokes in another process while the daemon checks logins. */
    @Test
    default void changesThroughAnotherInstanceCountAtOnce() {
        MailboxAddress alice = mailbox("alice@example.org");
        assertThat(directory().account(alice).orElseThrow().appPasswords()).isEmpty();
        Directory cli = secondInstance().directory();

        AppPassword added = cli.addAppPassword(alice, "phone", hash(1));

        assertThat(directory().account(alice).orElseThrow().appPasswords()).containsExactly(added);
        assertThat(directory().appPasswords(alice)).containsExactly(added);

        cli.addAppPassword(alice, "laptop", hash(2));
        assertThat(directory().account(alice).orElseThrow().appPasswords()).extracting(AppPassword::name)
                .containsExactly("laptop", "phone");

        cli.revokeAppPassword(alice, "phone");
        assertThat(directory().account(alice).orElseThrow().appPasswords()).extracting(AppPassword::name)
                .containsExactly("laptop");

        directory().revokeAppPassword(alice, "laptop");
        assertThat(cli.appPasswords(alice)).isEmpty();
        assertThat(cli.account(alice).orElseThrow().appPasswords()).isEmpty();

        cli.removeMailbox(alice);
        assertThatThrownBy(() -> directory().addAppPassword(alice, "phone", hash(3)))
                .isInstanceOf(NoSuchMailboxException.class);
    }

    /** Two administrators (or scripts) adding at once never pass the limit between them. */
    @Test
    default void parallelAdditionsThroughTwoInstancesStopExactlyAtTheLimit() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        Directory[] directories = {directory(), secondInstance().directory()};
        int attempts = AppPassword.MAX_PER_MAILBOX + 6;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Directory target = directories[i % 2];
                String name = "device-" + i;
                int n = i;
                Callable<Optional<String>> add = () -> {
                    start.await();
                    try {
                        target.addAppPassword(alice, name, hash(n));
                        return Optional.of(name);
                    } catch (QuotaExceededException e) {
                        return Optional.empty();
                    }
                };
                results.add(pool.submit(add));
            }
            start.countDown();
            List<String> added = new ArrayList<>();
            for (Future<Optional<String>> result : results) {
                result.get(60, TimeUnit.SECONDS).ifPresent(added::add);
            }

            assertThat(added).hasSize(AppPassword.MAX_PER_MAILBOX);
            assertThat(directory().appPasswords(alice)).extracting(AppPassword::name)
                    .containsExactlyInAnyOrderElementsOf(added);
        } finally {
            pool.shutdownNow();
        }
    }
}
