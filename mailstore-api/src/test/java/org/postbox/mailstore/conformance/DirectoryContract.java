package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.TestMessages.OTHER_PASSWORD_HASH;
import static org.postbox.mailstore.conformance.TestMessages.PASSWORD_HASH;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainNotEmptyException;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;

/** Domains, mailboxes and credentials ({@link org.postbox.mailstore.Directory}). */
public interface DirectoryContract extends ConformanceFixture {

    @Test
    default void aNewStoreHasNoDomainsAndNoMailboxes() {
        assertThat(directory().domains()).isEmpty();
        assertThat(directory().mailboxes(Optional.empty())).isEmpty();
    }

    @Test
    default void domainsAreListedByNameWithTheirMailboxCounts() {
        directory().addDomain("b.example");
        directory().addDomain("c.example");
        directory().addDomain("a.example");
        directory().addMailbox(MailboxAddress.parse("x@a.example"), PASSWORD_HASH);
        directory().addMailbox(MailboxAddress.parse("y@a.example"), PASSWORD_HASH);
        directory().addMailbox(MailboxAddress.parse("z@c.example"), PASSWORD_HASH);

        assertThat(directory().domains()).containsExactly(
                new Domain("a.example", 2, 0, false, true), new Domain("b.example", 0, 0, false, true), new Domain("c.example", 1, 0, false, true));
    }

    @Test
    default void domainNamesAreStoredInLowerCase() {
        directory().addDomain("Example.ORG");

        assertThat(directory().domains()).containsExactly(new Domain("example.org", 0, 0, false, true));
        assertThatThrownBy(() -> directory().addDomain("EXAMPLE.org")).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void addingAnExistingDomainIsRefused() {
        directory().addDomain("example.org");

        assertThatThrownBy(() -> directory().addDomain("example.org")).isInstanceOf(AlreadyExistsException.class);
        assertThat(directory().domains()).hasSize(1);
    }

    @Test
    default void anInvalidDomainNameIsRefusedWithAReason() {
        assertThatThrownBy(() -> directory().addDomain("bad_domain..example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad_domain..example");
        assertThat(directory().domains()).isEmpty();
    }

    @Test
    default void removingAnEmptyDomainForgetsIt() {
        directory().addDomain("example.org");
        directory().addDomain("example.net");

        directory().removeDomain("EXAMPLE.org");

        assertThat(directory().domains()).containsExactly(new Domain("example.net", 0, 0, false, true));
        directory().addDomain("example.org");
        assertThat(directory().domains()).extracting(Domain::name).containsExactly("example.net", "example.org");
    }

    @Test
    default void removingAMissingDomainIsRefused() {
        assertThatThrownBy(() -> directory().removeDomain("nowhere.example")).isInstanceOf(NoSuchDomainException.class);
    }

    @Test
    default void aDomainWithMailboxesCannotBeRemoved() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("keep me"));

        assertThatThrownBy(() -> directory().removeDomain("example.org")).isInstanceOf(DomainNotEmptyException.class);

        assertThat(directory().domains()).containsExactly(new Domain("example.org", 1, 0, false, true));
        assertThat(listing(alice)).hasSize(1);
    }

    @Test
    default void aDomainCanBeRemovedOnceItsMailboxesAreGone() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("bye"));
        directory().removeMailbox(alice);

        directory().removeDomain("example.org");

        assertThat(directory().domains()).isEmpty();
    }

    @Test
    default void aMailboxNeedsAnExistingDomain() {
        MailboxAddress address = MailboxAddress.parse("alice@nowhere.example");

        assertThatThrownBy(() -> directory().addMailbox(address, PASSWORD_HASH)).isInstanceOf(NoSuchDomainException.class);
        assertThat(directory().account(address)).isEmpty();
    }

    @Test
    default void addingAnExistingMailboxIsRefusedWhateverTheCase() {
        mailbox("alice@example.org");

        assertThatThrownBy(() -> directory().addMailbox(MailboxAddress.parse("Alice@EXAMPLE.org"), OTHER_PASSWORD_HASH))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(directory().account(MailboxAddress.parse("alice@example.org")))
                .map(Account::passwordHash).contains(PASSWORD_HASH);
    }

    @Test
    default void accountsAreFoundWhateverTheCaseOfTheAddress() {
        directory().addDomain("example.org");
        directory().addMailbox(MailboxAddress.parse("Alice@Example.ORG"), PASSWORD_HASH);

        Optional<Account> account = directory().account(MailboxAddress.parse("ALICE@example.org"));

        assertThat(account).contains(new Account(MailboxAddress.parse("alice@example.org"), PASSWORD_HASH));
        assertThat(directory().mailboxes(Optional.empty())).extracting(m -> m.address().toString())
                .containsExactly("alice@example.org");
    }

    @Test
    default void anUnknownMailboxHasNoAccount() {
        mailbox("alice@example.org");

        assertThat(directory().account(MailboxAddress.parse("bob@example.org"))).isEmpty();
        assertThat(directory().account(MailboxAddress.parse("alice@example.net"))).isEmpty();
    }

    /** The listing order is by domain, then by local part; with a domain it lists that domain only. */
    @Test
    default void mailboxesAreListedByDomainThenLocalPart() {
        mailbox("zed@a.example");
        mailbox("amy@b.example");
        mailbox("bob@a.example");

        assertThat(directory().mailboxes(Optional.empty())).extracting(m -> m.address().toString())
                .containsExactly("bob@a.example", "zed@a.example", "amy@b.example");
        assertThat(directory().mailboxes(Optional.of("A.example"))).extracting(m -> m.address().toString())
                .containsExactly("bob@a.example", "zed@a.example");
        assertThat(directory().mailboxes(Optional.of("b.example"))).extracting(m -> m.address().toString())
                .containsExactly("amy@b.example");
    }

    @Test
    default void mailboxesShowTheirMessageCountAndStoredOctets() {
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress amy = mailbox("amy@example.org");
        byte[] first = message("one");
        byte[] second = TestMessages.ascii("Subject: two\r\n\r\nCRLF body\r\n");
        deliver(bob, first);
        deliver(bob, second);

        assertThat(directory().mailboxes(Optional.of("example.org"))).containsExactly(
                new Mailbox(amy, 0, 0, MailboxQuota.UNLIMITED, false, true, Optional.empty()),
                new Mailbox(bob, 2, first.length + second.length, MailboxQuota.UNLIMITED, false, true, Optional.empty()));
    }

    @Test
    default void aPasswordHashCanBeChanged() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");

        directory().setPasswordHash(MailboxAddress.parse("ALICE@example.org"), OTHER_PASSWORD_HASH);

        assertThat(directory().account(alice)).map(Account::passwordHash).contains(OTHER_PASSWORD_HASH);
        assertThat(directory().account(bob)).map(Account::passwordHash).contains(PASSWORD_HASH);
    }

    @Test
    default void theHashOfAMissingMailboxCannotBeChanged() {
        directory().addDomain("example.org");

        assertThatThrownBy(() -> directory().setPasswordHash(MailboxAddress.parse("ghost@example.org"), PASSWORD_HASH))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThat(directory().mailboxes(Optional.empty())).isEmpty();
    }

    @Test
    default void removingAMailboxRemovesItsAccountAndItsMail() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        deliver(alice, message("for alice"));
        deliver(bob, message("for bob"));

        directory().removeMailbox(alice);

        assertThat(directory().account(alice)).isEmpty();
        assertThat(directory().mailboxes(Optional.empty())).extracting(Mailbox::address).containsExactly(bob);
        assertThat(directory().domains()).containsExactly(new Domain("example.org", 1, 0, false, true));
        assertThatThrownBy(() -> store().open(alice)).isInstanceOf(NoSuchMailboxException.class);
        assertThat(listing(bob)).hasSize(1);
    }

    @Test
    default void aRemovedMailboxCreatedAgainStartsEmpty() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("old mail"));
        directory().removeMailbox(alice);

        directory().addMailbox(alice, OTHER_PASSWORD_HASH);

        assertThat(listing(alice)).isEmpty();
        assertThat(directory().account(alice)).map(Account::passwordHash).contains(OTHER_PASSWORD_HASH);
    }

    @Test
    default void removingAMissingMailboxIsRefused() {
        directory().addDomain("example.org");

        assertThatThrownBy(() -> directory().removeMailbox(MailboxAddress.parse("ghost@example.org")))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> directory().removeMailbox(MailboxAddress.parse("ghost@nowhere.example")))
                .isInstanceOf(NoSuchMailboxException.class);
    }

    /** The CLI changes the directory from another process while the daemon runs. */
    @Test
    default void changesThroughAnotherInstanceAreVisibleAtOnce() {
        MailboxAddress alice = mailbox("alice@example.org");
        assertThat(directory().account(alice)).isPresent();

        secondInstance().directory().setPasswordHash(alice, OTHER_PASSWORD_HASH);
        assertThat(directory().account(alice)).map(Account::passwordHash).contains(OTHER_PASSWORD_HASH);

        MailboxAddress bob = MailboxAddress.parse("bob@example.org");
        secondInstance().directory().addMailbox(bob, PASSWORD_HASH);
        assertThat(directory().account(bob)).isPresent();
        deliver(bob, message("hello bob"));
        assertThat(listing(bob)).hasSize(1);

        secondInstance().directory().setPasswordHash(alice, PASSWORD_HASH);
        assertThat(directory().account(alice)).map(Account::passwordHash).contains(PASSWORD_HASH);

        secondInstance().directory().removeMailbox(alice);
        assertThat(directory().account(alice)).isEmpty();

        secondInstance().directory().addDomain("example.net");
        assertThat(directory().domains()).extracting(Domain::name).containsExactly("example.net", "example.org");
    }
}
