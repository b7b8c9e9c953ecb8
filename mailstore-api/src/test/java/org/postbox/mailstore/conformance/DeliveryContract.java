package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;

/** {@link org.postbox.mailstore.MailStore#deliver}: per-recipient outcomes, atomic per recipient. */
public interface DeliveryContract extends ConformanceFixture {

    @Test
    default void aDeliveredMessageIsInTheMaildropUnderTheReportedId() {
        MailboxAddress alice = mailbox("alice@example.org");
        byte[] mail = message("hello");

        String id = deliver(alice, mail);

        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).containsExactly(new MessageInfo(id, mail.length + 5L));
            assertThat(content(maildrop, 1)).isEqualTo(mail);
        }
    }

    @Test
    default void eachRecipientGetsItsOwnCopyAndItsOwnOutcomeInOrder() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress carol = mailbox("carol@example.net");
        byte[] mail = message("to many");

        List<DeliveryOutcome> outcomes = store().deliver(List.of(
                alice,
                MailboxAddress.parse("nobody@example.org"),
                bob,
                MailboxAddress.parse("someone@unknown.example"),
                carol), MessageSource.of(mail));

        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.get(0)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(outcomes.get(1)).isEqualTo(new DeliveryOutcome.NoSuchMailbox());
        assertThat(outcomes.get(2)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(outcomes.get(3)).isEqualTo(new DeliveryOutcome.NoSuchMailbox());
        assertThat(outcomes.get(4)).isInstanceOf(DeliveryOutcome.Delivered.class);
        MailboxAddress[] recipients = {alice, null, bob, null, carol};
        for (int i : new int[] {0, 2, 4}) {
            MailboxAddress recipient = recipients[i];
            String id = ((DeliveryOutcome.Delivered) outcomes.get(i)).uniqueId();
            try (Maildrop maildrop = store().open(recipient)) {
                assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId).containsExactly(id);
                assertThat(content(maildrop, 1)).isEqualTo(mail);
            }
        }
    }

    @Test
    default void deletingOneRecipientsCopyLeavesTheOthers() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        byte[] mail = message("shared");
        store().deliver(List.of(alice, bob), MessageSource.of(mail));

        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(1);
            maildrop.commit(deleted);
        }

        assertThat(listing(alice)).isEmpty();
        try (Maildrop maildrop = store().open(bob)) {
            assertThat(content(maildrop, 1)).isEqualTo(mail);
        }
    }

    @Test
    default void recipientsAreMatchedWhateverTheirCase() {
        MailboxAddress alice = mailbox("alice@example.org");

        deliver(store(), MailboxAddress.parse("ALICE@Example.Org"), MessageSource.of(message("shouting")));

        assertThat(listing(alice)).hasSize(1);
    }

    @Test
    default void noRecipientsMeansNoOutcomes() {
        assertThat(store().deliver(List.of(), MessageSource.of(message("void")))).isEmpty();
    }

    @Test
    default void anUnreadableMessageIsATemporaryFailureForEveryRecipient() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MessageSource broken = () -> {
            throw new IOException("spool file unreadable");
        };

        List<DeliveryOutcome> outcomes = store().deliver(
                List.of(alice, MailboxAddress.parse("nobody@example.org"), bob), broken);

        assertThat(outcomes.get(0)).isInstanceOf(DeliveryOutcome.TemporaryFailure.class);
        assertThat(outcomes.get(1)).isEqualTo(new DeliveryOutcome.NoSuchMailbox());
        assertThat(outcomes.get(2)).isInstanceOf(DeliveryOutcome.TemporaryFailure.class);
        assertThat(listing(alice)).isEmpty();
        assertThat(listing(bob)).isEmpty();
    }

    /** A message is either fully visible or absent: a copy cut short by a read error never shows. */
    @Test
    default void aMessageCutShortIsNeverVisible() {
        MailboxAddress alice = mailbox("alice@example.org");
        MessageSource failsHalfway = () -> new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent >= 100_000) {
                    throw new IOException("connection to the MTA lost");
                }
                sent++;
                return sent % 80 == 0 ? '\n' : 'x';
            }
        };

        List<DeliveryOutcome> outcomes = store().deliver(List.of(alice), failsHalfway);

        assertThat(outcomes).singleElement().isInstanceOf(DeliveryOutcome.TemporaryFailure.class);
        assertThat(listing(alice)).isEmpty();
        assertThat(directory().mailboxes(Optional.empty())).containsExactly(
                new Mailbox(alice, 0, 0, MailboxQuota.UNLIMITED, false, true, Optional.empty()));
        deliver(alice, message("next try"));
        assertThat(listing(alice)).hasSize(1);
    }

    @Test
    default void aMessageFailingForOneRecipientStillReachesTheNext() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        byte[] mail = message("second chance");
        int[] opened = {0};
        MessageSource firstOpenFails = () -> {
            if (opened[0]++ == 0) {
                throw new IOException("transient");
            }
            return new ByteArrayInputStream(mail);
        };

        List<DeliveryOutcome> outcomes = store().deliver(List.of(alice, bob), firstOpenFails);

        assertThat(outcomes.get(0)).isInstanceOf(DeliveryOutcome.TemporaryFailure.class);
        assertThat(outcomes.get(1)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(listing(alice)).isEmpty();
        try (Maildrop maildrop = store().open(bob)) {
            assertThat(content(maildrop, 1)).isEqualTo(mail);
        }
    }
}
