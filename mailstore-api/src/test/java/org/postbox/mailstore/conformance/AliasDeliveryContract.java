package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postbox.mailstore.conformance.AliasContract.alias;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;

/**
 * {@link MailStore#deliver} and {@link Directory#deliveryRefusal} through aliases and catch-alls:
 * one copy per mailbox and call, an alias delivered only when each of its targets is.
 */
public interface AliasDeliveryContract extends ConformanceFixture {

    @Test
    default void mailToAnAliasReachesEachOfItsTargets() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress carol = mailbox("carol@example.net");
        directory().setAlias(alias("sales@example.org", alice, carol));
        byte[] mail = message("for sales");

        List<DeliveryOutcome> outcomes = store().deliver(List.of(MailboxAddress.parse("sales@example.org")),
                MessageSource.of(mail));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                delivered -> assertThat(uniqueIds(alice)).containsExactly(delivered.uniqueId()));
        for (MailboxAddress target : List.of(alice, carol)) {
            try (Maildrop maildrop = store().open(target)) {
                assertThat(maildrop.messages()).hasSize(1);
                assertThat(content(maildrop, 1)).isEqualTo(mail);
            }
        }
    }

    @Test
    default void eachMailboxGetsOneCopyHoweverManyRecipientsLeadToIt() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress carol = mailbox("carol@example.net");
        directory().setAlias(alias("sales@example.org", alice, bob));
        directory().setAlias(alias("team@example.org", bob, carol));
        directory().setAlias(alias("@example.net", alice));

        List<DeliveryOutcome> outcomes = store().deliver(List.of(
                MailboxAddress.parse("team@example.org"),
                alice,
                MailboxAddress.parse("sales@example.org"),
                MailboxAddress.parse("whoever@example.net"),
                MailboxAddress.parse("nobody@example.org"),
                alice), MessageSource.of(message("to everyone")));

        assertThat(outcomes).hasSize(6);
        assertThat(outcomes.subList(0, 4)).allSatisfy(o -> assertThat(o).isInstanceOf(DeliveryOutcome.Delivered.class));
        assertThat(outcomes.get(4)).isEqualTo(new DeliveryOutcome.NoSuchMailbox());
        assertThat(outcomes.get(5)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(listing(alice)).hasSize(1);
        assertThat(listing(bob)).hasSize(1);
        assertThat(listing(carol)).hasSize(1);
        assertThat(directory().mailboxQuota(alice).usage().messages()).isEqualTo(1);
    }

    @Test
    default void theCatchAllTakesMailForUnknownAddressesOfItsDomainOnly() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().setAlias(alias("@example.org", alice));

        List<DeliveryOutcome> outcomes = store().deliver(List.of(
                MailboxAddress.parse("typo@example.org"),
                bob,
                MailboxAddress.parse("typo@example.net")), MessageSource.of(message("caught")));

        assertThat(outcomes.get(0)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(outcomes.get(1)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(outcomes.get(2)).isEqualTo(new DeliveryOutcome.NoSuchMailbox());
        assertThat(listing(alice)).hasSize(1);
        assertThat(listing(bob)).hasSize(1);
    }

    @Test
    default void anAliasIsDeliveredOnlyWhenEveryTargetTookTheMessage() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress carol = mailbox("carol@example.org");
        directory().setAlias(alias("sales@example.org", alice, bob, carol));
        directory().setMailboxSuspended(bob, true);
        directory().setMailboxQuota(carol, new MailboxQuota(0, 1));
        deliver(carol, message("fills carol"));

        List<DeliveryOutcome> outcomes = store().deliver(List.of(MailboxAddress.parse("sales@example.org"), carol),
                MessageSource.of(message("for sales")));

        // The first failure among the targets, in their order: bob's before carol's.
        assertThat(outcomes.get(0)).isEqualTo(new DeliveryOutcome.Suspended());
        assertThat(outcomes.get(1)).isInstanceOf(DeliveryOutcome.OverQuota.class);
        // Alice stored it: a retry by the sender may give her a duplicate, never a loss.
        assertThat(listing(alice)).hasSize(1);
        assertThat(listing(carol)).hasSize(1);

        directory().setMailboxSuspended(bob, false);
        directory().setMailboxQuota(carol, MailboxQuota.UNLIMITED);
        assertThat(store().deliver(List.of(MailboxAddress.parse("sales@example.org")), MessageSource.of(message("again"))))
                .singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    @Test
    default void theRefusalOfAnAliasIsTheFirstRefusalAmongItsTargets() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress sales = MailboxAddress.parse("sales@example.org");
        directory().setAlias(alias("sales@example.org", alice, bob));
        directory().setMailboxQuota(bob, new MailboxQuota(1000, 0));

        assertThat(directory().deliveryRefusal(sales, 1000)).isEmpty();
        assertThat(directory().deliveryRefusal(sales, 1001)).hasValueSatisfying(refusal ->
                assertThat(refusal).isInstanceOf(DeliveryOutcome.OverQuota.class));
        assertThat(directory().deliveryRefusal(alice, 1001)).isEmpty();
        assertThat(directory().deliveryRefusal(MailboxAddress.parse("typo@example.org"), 0))
                .contains(new DeliveryOutcome.NoSuchMailbox());

        directory().setAlias(alias("@example.org", alice));
        assertThat(directory().deliveryRefusal(MailboxAddress.parse("typo@example.org"), 1001)).isEmpty();
        directory().setMailboxSuspended(alice, true);
        assertThat(directory().deliveryRefusal(MailboxAddress.parse("typo@example.org"), 0))
                .contains(new DeliveryOutcome.Suspended());
        assertThat(directory().deliveryRefusal(sales, 0)).contains(new DeliveryOutcome.Suspended());
    }

    @Test
    default void anAliasChangedByAnotherInstanceIsFollowedAtTheNextDelivery() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress sales = MailboxAddress.parse("sales@example.org");
        assertThat(store().deliver(List.of(sales), MessageSource.of(message("too early"))))
                .containsExactly(new DeliveryOutcome.NoSuchMailbox());

        secondInstance().directory().setAlias(alias("sales@example.org", bob));
        deliver(sales, message("to bob"));
        secondInstance().directory().setAlias(alias("sales@example.org", alice));
        deliver(sales, message("to alice"));

        assertThat(listing(alice)).hasSize(1);
        assertThat(listing(bob)).hasSize(1);
        assertThat(directory().deliveryRefusal(sales, 0)).isEmpty();
    }
}
