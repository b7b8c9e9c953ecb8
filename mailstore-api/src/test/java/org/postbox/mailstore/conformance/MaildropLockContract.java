package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.util.BitSet;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;

/** The exclusive maildrop lock of RFC 1939 section 8, within one process and between instances. */
public interface MaildropLockContract extends ConformanceFixture {

    @Test
    default void aSecondSessionOnTheSameStoreIsRefused() {
        MailboxAddress alice = mailbox("alice@example.org");

        try (Maildrop first = store().open(alice)) {
            assertThatThrownBy(() -> store().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThat(first.messages()).isEmpty();
        }
    }

    @Test
    default void aSessionThroughAnotherInstanceIsRefused() {
        MailboxAddress alice = mailbox("alice@example.org");

        try (Maildrop first = store().open(alice)) {
            assertThatThrownBy(() -> secondInstance().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThat(first.address()).isEqualTo(alice);
        }
        try (Maildrop first = secondInstance().open(alice)) {
            assertThatThrownBy(() -> store().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThat(first.address()).isEqualTo(alice);
        }
    }

    @Test
    default void closingReleasesTheLock() {
        MailboxAddress alice = mailbox("alice@example.org");

        store().open(alice).close();
        Maildrop committed = store().open(alice);
        committed.commit(new BitSet());
        committed.close();

        try (Maildrop again = secondInstance().open(alice)) {
            assertThat(again.address()).isEqualTo(alice);
        }
        try (Maildrop again = store().open(alice)) {
            assertThat(again.address()).isEqualTo(alice);
        }
    }

    @Test
    default void aRefusedSessionDoesNotDisturbTheHolder() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("a"));
        deliver(alice, message("b"));

        try (Maildrop holder = store().open(alice)) {
            assertThatThrownBy(() -> store().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> secondInstance().open(alice)).isInstanceOf(MaildropLockedException.class);
            BitSet deleted = new BitSet();
            deleted.set(1);
            holder.commit(deleted);
            assertThatThrownBy(() -> secondInstance().open(alice)).isInstanceOf(MaildropLockedException.class);
        }
        assertThat(listing(alice)).hasSize(1);
    }

    @Test
    default void locksArePerMailbox() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress otherAlice = mailbox("alice@example.net");

        try (Maildrop a = store().open(alice); Maildrop b = secondInstance().open(bob); Maildrop c = store().open(otherAlice)) {
            assertThat(a.address()).isEqualTo(alice);
            assertThat(b.address()).isEqualTo(bob);
            assertThat(c.address()).isEqualTo(otherAlice);
        }
    }

    @Test
    default void deliveryDoesNotNeedTheLock() {
        MailboxAddress alice = mailbox("alice@example.org");

        try (Maildrop session = store().open(alice)) {
            deliver(alice, message("while locked"));
            assertThat(session.messages()).isEmpty();
        }
        assertThat(listing(alice)).hasSize(1);
    }

    @Test
    default void aLockedMailboxCannotBeRemoved() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("precious"));

        try (Maildrop session = store().open(alice)) {
            assertThatThrownBy(() -> directory().removeMailbox(alice)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> secondInstance().directory().removeMailbox(alice))
                    .isInstanceOf(MaildropLockedException.class);
            assertThat(session.messages()).hasSize(1);
        }

        assertThat(directory().account(alice)).isPresent();
        assertThat(listing(alice)).hasSize(1);
        directory().removeMailbox(alice);
        assertThat(directory().mailboxes(Optional.empty())).isEmpty();
    }
}
