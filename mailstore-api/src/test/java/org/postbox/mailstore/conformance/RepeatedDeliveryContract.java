package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;

/**
 * {@link org.postbox.mailstore.MailStore#deliver(List, MessageSource, DeliveryKey)}: an MTA's
 * retry of a message it never got the reply for leaves exactly one copy.
 */
public interface RepeatedDeliveryContract extends ConformanceFixture {

    Duration DAY = Duration.ofDays(1);

    private static DeliveryKey key(String text, Duration window) {
        return DeliveryKey.of("sender@example.net", MailboxAddress.parse("alice@example.org"),
                DeliveryKey.sha256().digest(text.getBytes(StandardCharsets.US_ASCII)), window);
    }

    private DeliveryOutcome deliverOnce(MailboxAddress recipient, byte[] mail, DeliveryKey key) {
        List<DeliveryOutcome> outcomes = store().deliver(List.of(recipient), MessageSource.of(mail), key);
        assertThat(outcomes).singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
        return outcomes.get(0);
    }

    @Test
    default void aRepetitionWithTheSameKeyIsAnsweredWithTheFirstCopyAndStoresNothing() {
        MailboxAddress alice = mailbox("alice@example.org");
        byte[] mail = message("sent twice");
        DeliveryKey key = key("sent twice", DAY);

        DeliveryOutcome first = deliverOnce(alice, mail, key);
        DeliveryOutcome again = deliverOnce(alice, mail, key);

        assertThat(again).isEqualTo(first);
        assertThat(uniqueIds(alice)).containsExactly(((DeliveryOutcome.Delivered) first).uniqueId());
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(content(maildrop, 1)).isEqualTo(mail);
        }
    }

    @Test
    default void anotherKeyIsAnotherMessage() {
        MailboxAddress alice = mailbox("alice@example.org");

        deliverOnce(alice, message("one"), key("one", DAY));
        deliverOnce(alice, message("two"), key("two", DAY));

        assertThat(uniqueIds(alice)).hasSize(2);
    }

    @Test
    default void withoutAKeyEveryDeliveryStoresACopy() {
        MailboxAddress alice = mailbox("alice@example.org");
        byte[] mail = message("no key");

        deliverOnce(alice, mail, key("no key", DAY));
        deliver(alice, mail);

        assertThat(uniqueIds(alice)).hasSize(2);
    }

    @Test
    default void aRepetitionAfterTheOwnerDeletedTheCopyIsNotStoredAgain() {
        MailboxAddress alice = mailbox("alice@example.org");
        byte[] mail = message("read and deleted");
        DeliveryKey key = key("read and deleted", DAY);
        deliverOnce(alice, mail, key);
        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(1);
            maildrop.commit(deleted);
        }

        deliverOnce(alice, mail, key);

        assertThat(uniqueIds(alice)).isEmpty();
    }

    @Test
    default void eachMailboxRemembersItsOwnCopies() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        byte[] mail = message("same key");
        DeliveryKey key = key("same key", DAY);

        deliverOnce(alice, mail, key);
        deliverOnce(bob, mail, key);

        assertThat(uniqueIds(alice)).hasSize(1);
        assertThat(uniqueIds(bob)).hasSize(1);
    }

    @Test
    default void aRepetitionAfterTheWindowIsStoredAgain() {
        MailboxAddress alice = mailbox("alice@example.org");
        byte[] mail = message("late retry");
        Duration window = Duration.ofMillis(1);
        deliverOnce(alice, mail, key("late retry", window));
        // The window is what is under test: let it pass (a few milliseconds, no sleep).
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMillis(20).toNanos()) {
            Thread.onSpinWait();
        }

        deliverOnce(alice, mail, key("late retry", window));

        assertThat(uniqueIds(alice)).hasSize(2);
    }
}
