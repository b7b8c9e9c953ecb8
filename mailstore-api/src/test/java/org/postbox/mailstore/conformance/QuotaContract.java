package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.TestMessages.PASSWORD_HASH;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaExceededException;
import org.postbox.mailstore.QuotaUsage;

/**
 * Quotas and suspension ({@link org.postbox.mailstore.Directory}'s limits, usage, recalculation
 * and suspension; their effect on delivery). Usage counts messages as stored, so the sizes here
 * are the lengths of the byte arrays delivered.
 */
public interface QuotaContract extends ConformanceFixture {

    /** Threads delivering at once in the concurrency tests, half of them through a second instance. */
    int PARALLEL_DELIVERIES = 8;

    /**
     * Makes the store record {@code wrong} as the usage of {@code address}, without changing its
     * messages: what a crash between storing and counting, or another program, leaves behind.
     */
    void recordWrongUsage(MailboxAddress address, QuotaUsage wrong) throws Exception;

    /** Messages of one size, distinct for {@code n} below 10000. */
    static byte[] sized(int n) {
        return TestMessages.message(String.format("quota %04d", n));
    }

    /** The size of every {@link #sized} message. */
    static long size() {
        return sized(0).length;
    }

    @Test
    default void aNewMailboxAndItsDomainHaveNoLimitsAndNoUsage() {
        MailboxAddress alice = mailbox("alice@example.org");

        assertThat(directory().mailboxQuota(alice))
                .isEqualTo(new MailboxQuotaReport(alice, MailboxQuota.UNLIMITED, QuotaUsage.NONE));
        assertThat(directory().domainQuota("example.org"))
                .isEqualTo(new DomainQuotaReport("example.org", DomainQuota.UNLIMITED, QuotaUsage.NONE, 1));
        assertThat(directory().account(alice)).hasValueSatisfying(account -> assertThat(account.suspended()).isFalse());
    }

    @Test
    default void limitsAreKeptAndShownToOtherInstancesAndZeroRemovesThem() {
        MailboxAddress alice = mailbox("alice@example.org");

        directory().setMailboxQuota(MailboxAddress.parse("ALICE@example.org"), new MailboxQuota(1L << 30, 1000));
        directory().setDomainQuota("Example.ORG", new DomainQuota(5L << 40, 25));

        assertThat(secondInstance().directory().mailboxQuota(alice).limit()).isEqualTo(new MailboxQuota(1L << 30, 1000));
        assertThat(secondInstance().directory().domainQuota("example.org").limit()).isEqualTo(new DomainQuota(5L << 40, 25));

        directory().setMailboxQuota(alice, new MailboxQuota(0, 10));
        directory().setDomainQuota("example.org", DomainQuota.UNLIMITED);

        assertThat(secondInstance().directory().mailboxQuota(alice).limit()).isEqualTo(new MailboxQuota(0, 10));
        assertThat(secondInstance().directory().domainQuota("example.org").limit()).isEqualTo(DomainQuota.UNLIMITED);
    }

    @Test
    default void limitsOfUnknownMailboxesAndDomainsAreRefused() {
        directory().addDomain("example.org");
        MailboxAddress ghost = MailboxAddress.parse("ghost@example.org");

        assertThatThrownBy(() -> directory().setMailboxQuota(ghost, new MailboxQuota(1, 1)))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> directory().mailboxQuota(ghost)).isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> directory().setDomainQuota("nowhere.example", new DomainQuota(1, 1)))
                .isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().domainQuota("nowhere.example")).isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().recalculateQuota(Optional.of("nowhere.example")))
                .isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().setMailboxSuspended(ghost, true)).isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> directory().setDomainSuspended("nowhere.example", true))
                .isInstanceOf(NoSuchDomainException.class);
        assertThat(directory().domains()).hasSize(1);
    }

    @Test
    default void aMessageThatWouldPassTheMailboxStorageLimitIsRefusedWhole() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setMailboxQuota(alice, new MailboxQuota(3 * size() - 1, 0));
        deliver(alice, sized(1));
        deliver(alice, sized(2));

        List<DeliveryOutcome> third = store().deliver(List.of(alice), MessageSource.of(sized(3)));

        assertThat(third).singleElement().isInstanceOfSatisfying(DeliveryOutcome.OverQuota.class,
                over -> assertThat(over.reason()).contains("mailbox").contains("storage"));
        assertThat(listing(alice)).hasSize(2);
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
    }

    @Test
    default void theMessageLimitIsReachedButNotPassed() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setMailboxQuota(alice, new MailboxQuota(0, 2));
        deliver(alice, sized(1));
        deliver(alice, sized(2));

        List<DeliveryOutcome> third = store().deliver(List.of(alice), MessageSource.of(sized(3)));

        assertThat(third).singleElement().isInstanceOfSatisfying(DeliveryOutcome.OverQuota.class,
                over -> assertThat(over.reason()).contains("mailbox").contains("message"));
        assertThat(listing(alice)).hasSize(2);
    }

    @Test
    default void theDomainStorageLimitCoversAllOfItsMailboxes() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress carol = mailbox("carol@example.net");
        directory().setDomainQuota("example.org", new DomainQuota(3 * size(), 0));
        deliver(alice, sized(1));
        deliver(alice, sized(2));
        deliver(bob, sized(3));

        List<DeliveryOutcome> outcomes = store().deliver(List.of(bob, alice, carol), MessageSource.of(sized(4)));

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(DeliveryOutcome.OverQuota.class,
                over -> assertThat(over.reason()).contains("domain").contains("storage"));
        assertThat(outcomes.get(1)).isInstanceOf(DeliveryOutcome.OverQuota.class);
        assertThat(outcomes.get(2)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(directory().domainQuota("example.org"))
                .isEqualTo(new DomainQuotaReport("example.org", new DomainQuota(3 * size(), 0), new QuotaUsage(3 * size(), 3), 2));
    }

    @Test
    default void usageFollowsDeliveriesDeletionsAndRemovedMailboxes() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        byte[] small = TestMessages.message("s");
        byte[] large = TestMessages.ascii("Subject: large\r\n\r\n" + "x".repeat(5000) + "\r\n");
        deliver(alice, small);
        deliver(alice, large);
        deliver(bob, small);
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(small.length + large.length, 2));
        assertThat(directory().domainQuota("example.org").usage())
                .isEqualTo(new QuotaUsage(2L * small.length + large.length, 3));

        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(2);
            maildrop.commit(deleted);
            maildrop.commit(deleted);
        }

        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(small.length, 1));
        assertThat(directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(2L * small.length, 2));

        directory().removeMailbox(bob);

        assertThat(directory().domainQuota("example.org"))
                .extracting(DomainQuotaReport::usage, DomainQuotaReport::mailboxes)
                .containsExactly(new QuotaUsage(small.length, 1), 1);
        directory().addMailbox(bob, PASSWORD_HASH);
        assertThat(directory().mailboxQuota(bob).usage()).isEqualTo(QuotaUsage.NONE);
    }

    @Test
    default void deletingMailMakesRoomAgain() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setMailboxQuota(alice, new MailboxQuota(2 * size(), 0));
        deliver(alice, sized(1));
        deliver(alice, sized(2));
        assertThat(store().deliver(List.of(alice), MessageSource.of(sized(3))))
                .singleElement().isInstanceOf(DeliveryOutcome.OverQuota.class);

        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(1);
            maildrop.commit(deleted);
        }

        deliver(alice, sized(3));
        assertThat(listing(alice)).hasSize(2);
    }

    @Test
    default void aLimitBelowTheUsageRefusesMailUntilEnoughIsDeleted() {
        MailboxAddress alice = mailbox("alice@example.org");
        for (int i = 1; i <= 3; i++) {
            deliver(alice, sized(i));
        }

        directory().setMailboxQuota(alice, new MailboxQuota(0, 2));

        assertThat(directory().mailboxQuota(alice).usage().messages()).isEqualTo(3);
        assertThat(store().deliver(List.of(alice), MessageSource.of(sized(4))))
                .singleElement().isInstanceOf(DeliveryOutcome.OverQuota.class);
        try (Maildrop maildrop = store().open(alice)) {
            BitSet deleted = new BitSet();
            deleted.set(1, 3);
            maildrop.commit(deleted);
        }
        deliver(alice, sized(4));
        assertThat(listing(alice)).hasSize(2);
    }

    @Test
    default void aDomainTakesMailboxesUpToItsLimit() {
        directory().addDomain("example.org");
        directory().setDomainQuota("example.org", new DomainQuota(0, 2));
        MailboxAddress alice = mailbox("alice@example.org");
        mailbox("bob@example.org");

        assertThatThrownBy(() -> directory().addMailbox(MailboxAddress.parse("carol@example.org"), PASSWORD_HASH))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("example.org");
        assertThatThrownBy(() -> secondInstance().directory().addMailbox(MailboxAddress.parse("carol@example.org"),
                PASSWORD_HASH)).isInstanceOf(QuotaExceededException.class);
        assertThat(directory().account(MailboxAddress.parse("carol@example.org"))).isEmpty();
        assertThat(directory().domainQuota("example.org").mailboxes()).isEqualTo(2);

        directory().removeMailbox(alice);
        mailbox("carol@example.org");
        directory().setDomainQuota("example.org", new DomainQuota(0, 1));
        assertThat(directory().domainQuota("example.org").mailboxes()).isEqualTo(2);
        mailbox("dave@example.net");
    }

    @Test
    default void recalculationFixesDriftAndReportsWhatItFixed() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        deliver(alice, sized(1));
        deliver(alice, sized(2));
        deliver(bob, sized(3));
        QuotaUsage wrong = new QuotaUsage(123_456, 40);
        recordWrongUsage(alice, wrong);
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(wrong);

        List<QuotaDrift> drifts = directory().recalculateQuota(Optional.of("Example.ORG"));

        assertThat(drifts).filteredOn(drift -> drift.mailbox().isPresent())
                .containsExactly(QuotaDrift.ofMailbox(alice, wrong, new QuotaUsage(2 * size(), 2)));
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
        assertThat(directory().mailboxQuota(bob).usage()).isEqualTo(new QuotaUsage(size(), 1));
        assertThat(directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(3 * size(), 3));
        assertThat(directory().recalculateQuota(Optional.empty())).isEmpty();
    }

    @Test
    default void recalculationAfterWrongRecordsLetsMailInAgain() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setMailboxQuota(alice, new MailboxQuota(10 * size(), 0));
        deliver(alice, sized(1));
        recordWrongUsage(alice, new QuotaUsage(10 * size(), 10));

        directory().recalculateQuota(Optional.empty());

        deliver(alice, sized(2));
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
    }

    /** N parallel deliveries into a mailbox with room for exactly K messages leave exactly K. */
    @Test
    default void parallelDeliveriesNeverPassTheStorageLimit() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        int room = 5;
        directory().setMailboxQuota(alice, new MailboxQuota(room * size() + size() - 1, 0));

        List<DeliveryOutcome> outcomes = deliverInParallel(List.of(alice), 3);

        assertThat(outcomes).filteredOn(DeliveryOutcome.Delivered.class::isInstance).hasSize(room);
        assertThat(outcomes).filteredOn(o -> !(o instanceof DeliveryOutcome.Delivered))
                .allSatisfy(o -> assertThat(o).isInstanceOf(DeliveryOutcome.OverQuota.class));
        assertThat(listing(alice)).hasSize(room);
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(room * size(), room));
    }

    @Test
    default void parallelDeliveriesNeverPassTheMessageLimit() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        int room = 7;
        directory().setMailboxQuota(alice, new MailboxQuota(0, room));

        List<DeliveryOutcome> outcomes = deliverInParallel(List.of(alice), 3);

        assertThat(outcomes).filteredOn(DeliveryOutcome.Delivered.class::isInstance).hasSize(room);
        assertThat(listing(alice)).hasSize(room);
        assertThat(directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(room * size(), room));
    }

    @Test
    default void parallelDeliveriesToADomainNeverPassItsStorageLimit() throws Exception {
        List<MailboxAddress> mailboxes = List.of(mailbox("a@example.org"), mailbox("b@example.org"),
                mailbox("c@example.org"), mailbox("d@example.org"));
        int room = 6;
        directory().setDomainQuota("example.org", new DomainQuota(room * size(), 0));

        List<DeliveryOutcome> outcomes = deliverInParallel(mailboxes, 3);

        assertThat(outcomes).filteredOn(DeliveryOutcome.Delivered.class::isInstance).hasSize(room);
        int stored = 0;
        for (MailboxAddress mailbox : mailboxes) {
            List<MessageInfo> messages = listing(mailbox);
            stored += messages.size();
            assertThat(directory().mailboxQuota(mailbox).usage()).isEqualTo(new QuotaUsage(messages.size() * size(), messages.size()));
        }
        assertThat(stored).isEqualTo(room);
        assertThat(directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(room * size(), room));
    }

    @Test
    default void aSuspendedMailboxKeepsItsMailButTakesNoMore() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        deliver(alice, sized(1));

        directory().setMailboxSuspended(MailboxAddress.parse("Alice@example.org"), true);

        assertThat(secondInstance().directory().account(alice))
                .hasValueSatisfying(account -> assertThat(account.suspended()).isTrue());
        assertThat(directory().account(alice).map(a -> a.passwordHash())).contains(PASSWORD_HASH);
        assertThat(directory().account(bob)).hasValueSatisfying(account -> assertThat(account.suspended()).isFalse());
        assertThat(store().deliver(List.of(alice, bob), MessageSource.of(sized(2))))
                .satisfiesExactly(
                        first -> assertThat(first).isEqualTo(new DeliveryOutcome.Suspended()),
                        second -> assertThat(second).isInstanceOf(DeliveryOutcome.Delivered.class));
        assertThat(listing(alice)).hasSize(1);

        directory().setMailboxSuspended(alice, false);

        assertThat(directory().account(alice)).hasValueSatisfying(account -> assertThat(account.suspended()).isFalse());
        deliver(alice, sized(3));
        assertThat(listing(alice)).hasSize(2);
    }

    @Test
    default void aSuspendedDomainSuspendsEveryMailboxOfItsOwnAndNoOther() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress carol = mailbox("carol@example.net");

        directory().setDomainSuspended("EXAMPLE.org", true);
        MailboxAddress bob = mailbox("bob@example.org");

        assertThat(List.of(alice, bob)).allSatisfy(address -> assertThat(secondInstance().directory().account(address))
                .hasValueSatisfying(account -> assertThat(account.suspended()).isTrue()));
        assertThat(directory().account(carol)).hasValueSatisfying(account -> assertThat(account.suspended()).isFalse());
        assertThat(store().deliver(List.of(alice, bob, carol), MessageSource.of(sized(1))))
                .satisfiesExactly(
                        first -> assertThat(first).isEqualTo(new DeliveryOutcome.Suspended()),
                        second -> assertThat(second).isEqualTo(new DeliveryOutcome.Suspended()),
                        third -> assertThat(third).isInstanceOf(DeliveryOutcome.Delivered.class));

        directory().setDomainSuspended("example.org", false);
        deliver(alice, sized(2));
    }

    @Test
    default void aMailboxSuspendedOnItsOwnStaysSuspendedWhenItsDomainResumes() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().setMailboxSuspended(alice, true);
        directory().setDomainSuspended("example.org", true);

        directory().setDomainSuspended("example.org", false);

        assertThat(directory().account(alice)).hasValueSatisfying(account -> assertThat(account.suspended()).isTrue());
        assertThat(directory().account(bob)).hasValueSatisfying(account -> assertThat(account.suspended()).isFalse());
    }

    @Test
    default void mixedOutcomesForOneMessageComeInRecipientOrder() {
        MailboxAddress full = mailbox("full@example.org");
        MailboxAddress suspended = mailbox("suspended@example.org");
        MailboxAddress fine = mailbox("fine@example.org");
        directory().setMailboxQuota(full, new MailboxQuota(0, 1));
        deliver(full, sized(1));
        directory().setMailboxSuspended(suspended, true);

        List<DeliveryOutcome> outcomes = store().deliver(
                List.of(full, suspended, MailboxAddress.parse("nobody@example.org"), fine), MessageSource.of(sized(2)));

        assertThat(outcomes.get(0)).isInstanceOf(DeliveryOutcome.OverQuota.class);
        assertThat(outcomes.get(1)).isEqualTo(new DeliveryOutcome.Suspended());
        assertThat(outcomes.get(2)).isEqualTo(new DeliveryOutcome.NoSuchMailbox());
        assertThat(outcomes.get(3)).isInstanceOf(DeliveryOutcome.Delivered.class);
        try (Maildrop maildrop = store().open(fine)) {
            assertThat(new String(ConformanceFixture.content(maildrop, 1), StandardCharsets.US_ASCII)).contains("quota 0002");
        }
    }

    /** What an MTA asks at RCPT time, before sending the message. */
    @Test
    default void aDeliveryRefusalAnnouncesWhatDeliveryWouldSay() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().setMailboxQuota(alice, new MailboxQuota(2 * size(), 0));
        deliver(alice, sized(1));
        directory().setMailboxSuspended(bob, true);

        assertThat(directory().deliveryRefusal(alice, size())).isEmpty();
        assertThat(directory().deliveryRefusal(alice, size() + 1)).hasValueSatisfying(
                refusal -> assertThat(refusal).isInstanceOf(DeliveryOutcome.OverQuota.class));
        assertThat(directory().deliveryRefusal(bob, 0)).contains(new DeliveryOutcome.Suspended());
        assertThat(directory().deliveryRefusal(MailboxAddress.parse("nobody@example.org"), 0))
                .contains(new DeliveryOutcome.NoSuchMailbox());

        directory().setDomainQuota("example.org", new DomainQuota(size(), 0));
        assertThat(directory().deliveryRefusal(alice, 1)).hasValueSatisfying(refusal -> assertThat(refusal)
                .isInstanceOfSatisfying(DeliveryOutcome.OverQuota.class, over -> assertThat(over.reason()).contains("domain")));
    }

    /** Delivers {@code perThread} messages per thread, round robin over {@code recipients}, through both instances at once. */
    private List<DeliveryOutcome> deliverInParallel(List<MailboxAddress> recipients, int perThread) throws Exception {
        MailStore[] stores = {store(), secondInstance()};
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_DELIVERIES);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<DeliveryOutcome>>> futures = new ArrayList<>();
            for (int t = 0; t < PARALLEL_DELIVERIES; t++) {
                int thread = t;
                Callable<List<DeliveryOutcome>> task = () -> {
                    start.await();
                    List<DeliveryOutcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int n = thread * perThread + i;
                        outcomes.addAll(stores[thread % 2].deliver(List.of(recipients.get(n % recipients.size())),
                                MessageSource.of(sized(n))));
                    }
                    return outcomes;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<DeliveryOutcome> all = new ArrayList<>();
            for (Future<List<DeliveryOutcome>> future : futures) {
                all.addAll(future.get(120, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
