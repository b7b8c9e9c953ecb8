package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.AliasContract.alias;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.OTHER_PASSWORD_HASH;
import static org.postbox.mailstore.conformance.TestMessages.PASSWORD_HASH;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaUsage;

/** {@link Directory#renameMailbox}: a new address, everything else kept. */
public interface RenameContract extends ConformanceFixture {

    Instant LOGIN = Instant.parse("2026-03-04T05:06:07Z");

    @Test
    default void aRenamedMailboxKeepsItsMailUidlsQuotaCredentialsSettingsAndLastLogin() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress alicia = MailboxAddress.parse("alicia@example.org");
        byte[] first = message("one");
        byte[] second = message("two");
        deliver(alice, first);
        deliver(alice, second);
        directory().setPasswordHash(alice, OTHER_PASSWORD_HASH);
        AppPassword phone = directory().addAppPassword(alice, "phone", AppPasswordContract.hash(1));
        directory().setMailboxQuota(alice, new MailboxQuota(100_000, 10));
        directory().setMailboxPop3Enabled(alice, false);
        directory().recordLogin(alice, LOGIN);
        List<MessageInfo> before = listing(alice);
        QuotaUsage usage = directory().mailboxQuota(alice).usage();

        directory().renameMailbox(MailboxAddress.parse("ALICE@example.org"), alicia);

        assertThat(directory().account(alice)).isEmpty();
        assertThat(directory().account(alicia)).contains(
                new Account(alicia, OTHER_PASSWORD_HASH, false, false, List.of(phone)));
        assertThat(listing(alicia)).isEqualTo(before);
        try (Maildrop maildrop = store().open(alicia)) {
            assertThat(content(maildrop, 1)).isEqualTo(first);
            assertThat(content(maildrop, 2)).isEqualTo(second);
        }
        assertThat(directory().mailboxQuota(alicia).limit()).isEqualTo(new MailboxQuota(100_000, 10));
        assertThat(directory().mailboxQuota(alicia).usage()).isEqualTo(usage);
        assertThat(directory().domainQuota("example.org").usage()).isEqualTo(usage);
        assertThat(directory().mailboxes(Optional.empty())).containsExactly(new Mailbox(alicia, 2, usage.storedOctets(),
                new MailboxQuota(100_000, 10), false, false, Optional.of(LOGIN)));
        assertThat(directory().appPasswords(alicia)).containsExactly(phone);
        assertThatThrownBy(() -> store().open(alice)).isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> directory().appPasswords(alice)).isInstanceOf(NoSuchMailboxException.class);
        assertThat(secondInstance().directory().account(alicia)).isPresent();
        assertThat(secondInstance().directory().account(alice)).isEmpty();
    }

    @Test
    default void mailFollowsTheNewAddressAndTheOldOneIsFreeForANewEmptyMailbox() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress alicia = MailboxAddress.parse("alicia@example.org");
        directory().addAppPassword(alice, "phone", AppPasswordContract.hash(1));
        deliver(alice, message("before"));

        directory().renameMailbox(alice, alicia);

        assertThat(store().deliver(List.of(alice), MessageSource.of(message("lost"))))
                .containsExactly(new DeliveryOutcome.NoSuchMailbox());
        deliver(alicia, message("after"));
        assertThat(listing(alicia)).hasSize(2);
        assertThat(directory().mailboxQuota(alicia).usage().messages()).isEqualTo(2);

        directory().addMailbox(alice, PASSWORD_HASH);
        assertThat(listing(alice)).isEmpty();
        assertThat(directory().appPasswords(alice)).isEmpty();
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(QuotaUsage.NONE);
        assertThat(directory().mailboxes(Optional.empty())).extracting(Mailbox::lastLogin)
                .containsOnly(Optional.empty());
    }

    @Test
    default void aMailboxMovesToAnotherDomainWithItsUsage() {
        MailboxAddress alice = mailbox("alice@example.org");
        mailbox("bob@example.net");
        MailboxAddress moved = MailboxAddress.parse("alice@example.net");
        deliver(alice, message("moving"));
        QuotaUsage usage = directory().mailboxQuota(alice).usage();

        directory().renameMailbox(alice, moved);

        assertThat(directory().domains()).containsExactly(
                new Domain("example.net", 2, 0, false, true), new Domain("example.org", 0, 0, false, true));
        assertThat(directory().domainQuota("example.org").usage()).isEqualTo(QuotaUsage.NONE);
        assertThat(directory().domainQuota("example.net").usage()).isEqualTo(usage);
        assertThat(listing(moved)).hasSize(1);
        directory().removeDomain("example.org");
    }

    @Test
    default void aliasesFollowTheRenamedMailbox() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress alicia = MailboxAddress.parse("alicia@example.net");
        directory().addDomain("example.net");
        directory().setAlias(alias("sales@example.org", bob, alice));
        directory().setAlias(alias("@example.org", alice));

        directory().renameMailbox(alice, alicia);

        assertThat(directory().aliases("example.org")).containsExactly(
                alias("@example.org", alicia), alias("sales@example.org", bob, alicia));
        deliver(MailboxAddress.parse("sales@example.org"), message("for sales"));
        assertThat(listing(alicia)).hasSize(1);
        // The old address now falls to the catch-all, which is the same mailbox.
        assertThat(directory().resolve(alice)).containsExactly(alicia);
        assertThatThrownBy(() -> directory().removeMailbox(alicia)).isInstanceOf(
                org.postbox.mailstore.AliasConflictException.class);
    }

    @Test
    default void aMaildropInUseCannotBeRenamed() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress alicia = MailboxAddress.parse("alicia@example.org");
        deliver(alice, message("held"));

        try (Maildrop session = store().open(alice)) {
            assertThatThrownBy(() -> directory().renameMailbox(alice, alicia)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> secondInstance().directory().renameMailbox(alice, alicia))
                    .isInstanceOf(MaildropLockedException.class);
            assertThat(session.messages()).hasSize(1);
        }

        assertThat(directory().account(alicia)).isEmpty();
        assertThat(listing(alice)).hasSize(1);
        directory().renameMailbox(alice, alicia);
        assertThat(listing(alicia)).hasSize(1);
    }

    @Test
    default void aRenameOntoATakenOrUnknownPlaceIsRefusedAndChangesNothing() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().setAlias(alias("sales@example.org", bob));
        deliver(alice, message("stays"));

        assertThatThrownBy(() -> directory().renameMailbox(alice, bob)).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> directory().renameMailbox(alice, MailboxAddress.parse("sales@example.org")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> directory().renameMailbox(alice, MailboxAddress.parse("alice@nowhere.example")))
                .isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().renameMailbox(MailboxAddress.parse("ghost@example.org"),
                MailboxAddress.parse("spirit@example.org"))).isInstanceOf(NoSuchMailboxException.class);

        assertThat(directory().mailboxes(Optional.empty())).extracting(Mailbox::address).containsExactly(alice, bob);
        assertThat(listing(alice)).hasSize(1);
        assertThat(listing(bob)).isEmpty();
        assertThat(directory().account(MailboxAddress.parse("spirit@example.org"))).isEmpty();
    }
}
