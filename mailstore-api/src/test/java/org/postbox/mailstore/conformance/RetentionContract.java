package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.SweepOutcome;

/**
 * Retention (RFC 2449 {@code EXPIRE}) and the deleted-mail hold: the settings, the retrieval marks
 * a maildrop records, the sweep (run at a given "now", so the tests move time forward instead of
 * waiting) and undelete. Usage counts messages as stored, so sizes are the arrays' lengths.
 */
public interface RetentionContract extends ConformanceFixture {

    Duration DAY = Duration.ofDays(1);

    private static byte[] numbered(int n) {
        return TestMessages.message(String.format("retention %04d", n));
    }

    private MailboxAddress withMessages(String address, int count) {
        MailboxAddress mailbox = mailbox(address);
        for (int n = 1; n <= count; n++) {
            deliver(mailbox, numbered(n));
        }
        return mailbox;
    }

    private void retrieve(MailboxAddress address, int... numbers) {
        try (Maildrop maildrop = store().open(address)) {
            for (int number : numbers) {
                maildrop.markRetrieved(number);
            }
        }
    }

    private void deleteInSession(MailboxAddress address, int... numbers) {
        try (Maildrop maildrop = store().open(address)) {
            BitSet deleted = new BitSet();
            for (int number : numbers) {
                deleted.set(number);
            }
            maildrop.commit(deleted);
        }
    }

    private QuotaUsage usage(MailboxAddress address) {
        return directory().mailboxQuota(address).usage();
    }

    @Test
    default void retentionDefaultsToNeverAndNoHoldAndIsKeptPerDomainAndMailbox() {
        MailboxAddress alice = mailbox("alice@example.org");
        mailbox("bob@example.net");

        assertThat(directory().domainRetention("example.org")).isEqualTo(DomainRetention.DEFAULT);
        assertThat(directory().mailboxRetention(alice).expire()).isEqualTo(Expire.NEVER);
        assertThat(directory().shortestExpire()).isEqualTo(Expire.NEVER);

        directory().setDomainRetention("Example.ORG", new DomainRetention(Expire.days(30), 7, true));
        assertThat(secondInstance().directory().domainRetention("example.org"))
                .isEqualTo(new DomainRetention(Expire.days(30), 7, true));
        assertThat(directory().mailboxRetention(alice))
                .isEqualTo(new MailboxRetention(alice, Optional.empty(), new DomainRetention(Expire.days(30), 7, true)));

        directory().setMailboxExpire(alice, Optional.of(Expire.NEVER));
        assertThat(directory().mailboxRetention(alice).expire()).isEqualTo(Expire.NEVER);
        assertThat(directory().shortestExpire()).isEqualTo(Expire.days(30));
        directory().setMailboxExpire(alice, Optional.of(Expire.days(3)));
        assertThat(secondInstance().directory().mailboxRetention(alice).ownExpire()).contains(Expire.days(3));
        assertThat(directory().shortestExpire()).isEqualTo(Expire.days(3));
        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.expire()).isEqualTo(Expire.days(3));
        }
        directory().setMailboxExpire(alice, Optional.empty());
        assertThat(directory().mailboxRetention(alice).expire()).isEqualTo(Expire.days(30));

        assertThatThrownBy(() -> directory().domainRetention("nowhere.example")).isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().setMailboxExpire(MailboxAddress.parse("nobody@example.org"), Optional.empty()))
                .isInstanceOf(NoSuchMailboxException.class);
    }

    @Test
    default void retrievedMailIsSweptOnceItsExpireHasPassedInBatchesAndAMailboxsOwnExpireOverridesItsDomains() {
        MailboxAddress alice = withMessages("alice@example.org", 4);
        MailboxAddress bob = withMessages("bob@example.org", 1);
        directory().setDomainRetention("example.org", DomainRetention.DEFAULT.withExpire(Expire.days(30)));
        directory().setMailboxExpire(bob, Optional.of(Expire.NEVER));
        List<MessageInfo> before = listing(alice);
        retrieve(alice, 1, 3, 4);
        retrieve(alice, 1); // retrieved again: the first retrieval counts
        retrieve(bob, 1);
        Instant now = Instant.now();

        assertThat(store().sweepRetention(alice, now.plus(DAY.multipliedBy(29)), 100)).isEqualTo(SweepOutcome.NONE);
        assertThat(listing(alice)).isEqualTo(before);

        Instant later = now.plus(DAY.multipliedBy(31));
        assertThat(store().sweepRetention(alice, later, 2)).isEqualTo(new SweepOutcome(2, 0));
        assertThat(listing(alice)).containsExactly(before.get(1), before.get(3));
        assertThat(store().sweepRetention(alice, later, 2)).isEqualTo(new SweepOutcome(1, 0));
        assertThat(listing(alice)).containsExactly(before.get(1));
        assertThat(usage(alice)).isEqualTo(new QuotaUsage(numbered(2).length, 1));
        assertThat(directory().domainQuota("example.org").usage())
                .isEqualTo(new QuotaUsage(numbered(2).length + numbered(1).length, 2));
        assertThat(store().sweepRetention(bob, later, 2)).isEqualTo(SweepOutcome.NONE);
        assertThat(listing(bob)).hasSize(1);
    }

    @Test
    default void aLockedMaildropIsNotSwept() {
        MailboxAddress alice = withMessages("alice@example.org", 1);
        directory().setDomainRetention("example.org", DomainRetention.DEFAULT.withExpire(Expire.days(0)));
        retrieve(alice, 1);

        try (Maildrop session = store().open(alice)) {
            assertThatThrownBy(() -> store().sweepRetention(alice, Instant.now().plus(DAY), 10))
                    .isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> store().undelete(alice, Optional.empty()))
                    .isInstanceOf(MaildropLockedException.class);
            assertThat(session.messages()).hasSize(1);
        }
        assertThat(store().sweepRetention(alice, Instant.now().plus(DAY), 10)).isEqualTo(new SweepOutcome(1, 0));
    }

    @Test
    default void heldMailIsHiddenAndUndeleteRestoresItsBytesUidlsAndPlaces() {
        MailboxAddress alice = withMessages("alice@example.org", 4);
        directory().setDomainRetention("example.org", DomainRetention.DEFAULT.withHoldDays(7));
        List<MessageInfo> before = listing(alice);
        QuotaUsage all = usage(alice);

        deleteInSession(alice, 1, 3);

        assertThat(listing(alice)).containsExactly(before.get(1), before.get(3));
        assertThat(usage(alice)).isEqualTo(new QuotaUsage(numbered(2).length + numbered(4).length, 2));
        assertThat(store().undelete(alice, Optional.of(Instant.now().plus(DAY)))).isZero();

        assertThat(store().undelete(alice, Optional.of(Instant.now().minus(DAY)))).isEqualTo(2);

        assertThat(listing(alice)).isEqualTo(before);
        try (Maildrop maildrop = store().open(alice)) {
            for (int n = 1; n <= 4; n++) {
                assertThat(ConformanceFixture.content(maildrop, n)).isEqualTo(numbered(n));
            }
        }
        assertThat(usage(alice)).isEqualTo(all);
        assertThat(directory().recalculateQuota(Optional.of("example.org"))).isEmpty();
        assertThat(store().undelete(alice, Optional.empty())).isZero();
    }

    @Test
    default void heldMailIsPurgedAfterTheHoldAndCountsTowardQuotaOnlyIfTheDomainSaysSo() {
        MailboxAddress alice = withMessages("alice@example.org", 3);
        directory().setDomainRetention("example.org", new DomainRetention(Expire.NEVER, 7, true));
        QuotaUsage all = usage(alice);

        deleteInSession(alice, 2, 3);

        assertThat(listing(alice)).hasSize(1);
        assertThat(usage(alice)).isEqualTo(all);
        assertThat(directory().recalculateQuota(Optional.of("example.org"))).isEmpty();
        Instant now = Instant.now();
        assertThat(store().sweepRetention(alice, now.plus(DAY.multipliedBy(6)), 100)).isEqualTo(SweepOutcome.NONE);

        // No longer counted: the usage is recounted at once, and stays exact.
        directory().setDomainRetention("example.org", new DomainRetention(Expire.NEVER, 7, false));
        QuotaUsage one = new QuotaUsage(numbered(1).length, 1);
        assertThat(usage(alice)).isEqualTo(one);
        assertThat(directory().domainQuota("example.org").usage()).isEqualTo(one);

        assertThat(store().sweepRetention(alice, now.plus(DAY.multipliedBy(8)), 100)).isEqualTo(new SweepOutcome(0, 2));
        assertThat(usage(alice)).isEqualTo(one);
        assertThat(store().undelete(alice, Optional.empty())).isZero();
        assertThat(listing(alice)).hasSize(1);
        assertThat(directory().recalculateQuota(Optional.of("example.org"))).isEmpty();
    }
}
