package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.NoSuchMailboxException;

/** Sessions on a maildrop: the snapshot, unique ids, commit and close ({@link Maildrop}). */
public interface MaildropContract extends ConformanceFixture {

    @Test
    default void aNewMailboxHasAnEmptyMaildrop() {
        MailboxAddress alice = mailbox("alice@example.org");

        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.address()).isEqualTo(alice);
            assertThat(maildrop.messages()).isEmpty();
        }
    }

    @Test
    default void openingAnUnknownMailboxIsRefused() {
        mailbox("alice@example.org");

        assertThatThrownBy(() -> store().open(MailboxAddress.parse("bob@example.org")))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> store().open(MailboxAddress.parse("alice@unknown.example")))
                .isInstanceOf(NoSuchMailboxException.class);
    }

    @Test
    default void messagesAreNumberedInDeliveryOrder() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<String> ids = new ArrayList<>();
        List<byte[]> mails = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            mails.add(message("number " + i));
            ids.add(deliver(alice, mails.get(i - 1)));
        }

        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId).containsExactlyElementsOf(ids);
            for (int n = 1; n <= 5; n++) {
                assertThat(content(maildrop, n)).isEqualTo(mails.get(n - 1));
            }
        }
    }

    @Test
    default void theSnapshotCannotBeModified() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("one"));

        try (Maildrop maildrop = store().open(alice)) {
            List<MessageInfo> messages = maildrop.messages();
            assertThatThrownBy(() -> messages.add(new MessageInfo("x", 1))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> messages.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    default void mailDeliveredDuringASessionIsNotInItsSnapshot() {
        MailboxAddress alice = mailbox("alice@example.org");
        String first = deliver(alice, message("before"));

        try (Maildrop maildrop = store().open(alice)) {
            String late = deliver(alice, message("during"));
            deliver(secondInstance(), alice, MessageSource.of(message("during, elsewhere")));

            assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId).containsExactly(first);
            assertThat(content(maildrop, 1)).isEqualTo(message("before"));
            assertThat(late).isNotEqualTo(first);
        }
        assertThat(listing(alice)).hasSize(3);
    }

    @Test
    default void commitNeverDeletesMailDeliveredAfterTheSnapshot() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("old 1"));
        deliver(alice, message("old 2"));
        String fresh;

        try (Maildrop maildrop = store().open(alice)) {
            fresh = deliver(alice, message("fresh"));
            BitSet all = new BitSet();
            all.set(1, maildrop.messages().size() + 1);
            maildrop.commit(all);
        }

        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId).containsExactly(fresh);
            assertThat(content(maildrop, 1)).isEqualTo(message("fresh"));
        }
    }

    @Test
    default void commitDeletesExactlyTheMarkedMessages() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(deliver(alice, message("m" + i)));
        }

        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(2);
            deleted.set(4);
            maildrop.commit(deleted);
        }

        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId)
                    .containsExactly(ids.get(0), ids.get(2), ids.get(4));
            assertThat(content(maildrop, 2)).isEqualTo(message("m3"));
        }
    }

    @Test
    default void anEmptyCommitDeletesNothing() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("stay"));

        try (Maildrop maildrop = store().open(alice)) {
            maildrop.commit(new BitSet());
        }

        assertThat(listing(alice)).hasSize(1);
    }

    @Test
    default void committingTheSameDeletionsTwiceIsHarmless() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("a"));
        String kept = deliver(alice, message("b"));

        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(1);
            maildrop.commit(deleted);
            maildrop.commit(deleted);
        }

        assertThat(uniqueIds(alice)).containsExactly(kept);
    }

    @Test
    default void closingWithoutCommitDeletesNothing() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<String> ids = List.of(deliver(alice, message("a")), deliver(alice, message("b")));

        Maildrop maildrop = store().open(alice);
        assertThat(maildrop.messages()).hasSize(2);
        maildrop.close();

        assertThat(uniqueIds(alice)).containsExactlyElementsOf(ids);
    }

    @Test
    default void closeIsIdempotent() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("a"));

        Maildrop maildrop = store().open(alice);
        maildrop.close();
        maildrop.close();

        try (Maildrop again = store().open(alice)) {
            assertThat(again.messages()).hasSize(1);
        }
    }

    @Test
    default void closingTheStoreClosesItsSessionsWithoutDeleting() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("a"));
        store().open(alice);

        store().close();

        try (Maildrop maildrop = secondInstance().open(alice)) {
            assertThat(maildrop.messages()).hasSize(1);
        }
    }

    @Test
    default void uniqueIdsAreWellFormedAndDistinct() {
        MailboxAddress alice = mailbox("alice@example.org");
        for (int i = 0; i < 20; i++) {
            deliver(alice, message("same subject"));
        }

        List<String> ids = uniqueIds(alice);

        assertThat(ids).hasSize(20).doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> assertThat(id).hasSizeBetween(1, 70).matches("[\\x21-\\x7E]+"));
    }

    @Test
    default void uniqueIdsAreStableAcrossSessionsAndInstances() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            delivered.add(deliver(alice, message("m" + i)));
        }

        List<MessageInfo> first = listing(alice);
        List<MessageInfo> second = listing(alice);
        List<MessageInfo> elsewhere;
        try (Maildrop maildrop = secondInstance().open(alice)) {
            elsewhere = maildrop.messages();
        }

        assertThat(first).extracting(MessageInfo::uniqueId).containsExactlyElementsOf(delivered);
        assertThat(second).isEqualTo(first);
        assertThat(elsewhere).isEqualTo(first);
    }

    @Test
    default void uniqueIdsSurviveTheDeletionOfOtherMessages() {
        MailboxAddress alice = mailbox("alice@example.org");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(deliver(alice, message("m" + i)));
        }

        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(1);
            deleted.set(3);
            deleted.set(6);
            maildrop.commit(deleted);
        }

        assertThat(uniqueIds(alice)).containsExactly(ids.get(1), ids.get(3), ids.get(4));
    }

    @Test
    default void uniqueIdsAreNeverReused() {
        MailboxAddress alice = mailbox("alice@example.org");
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            String id = deliver(alice, message("identical"));
            assertThat(seen.add(id)).as("id %s reused in round %d", id, round).isTrue();
            try (Maildrop maildrop = store().open(alice)) {
                BitSet deleted = new BitSet();
                deleted.set(1);
                maildrop.commit(deleted);
            }
        }
        assertThat(listing(alice)).isEmpty();
    }

    @Test
    default void uniqueIdsAreNotReusedAfterTheMailboxIsRecreated() {
        MailboxAddress alice = mailbox("alice@example.org");
        String before = deliver(alice, message("identical"));
        directory().removeMailbox(alice);
        directory().addMailbox(alice, TestMessages.PASSWORD_HASH);

        String after = deliver(alice, message("identical"));

        assertThat(after).isNotEqualTo(before);
    }
}
