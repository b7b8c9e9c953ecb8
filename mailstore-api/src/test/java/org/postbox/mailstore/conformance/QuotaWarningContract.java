package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.warnings.QuotaThresholds;
import org.postbox.mailstore.warnings.QuotaWarningObserver;
import org.postbox.mailstore.warnings.QuotaWarningSettings;
import org.postbox.mailstore.warnings.QuotaWarningStore;

/**
 * Quota warnings on the backend's own accounting: {@link MailStore#deliver(List, MessageSource,
 * java.util.Optional, java.util.function.Consumer)}'s usage changes and
 * {@link MailStore#deliverNotice}, through {@link QuotaWarningStore}. Mailboxes here have a limit of
 * {@link #LIMIT} octets and get messages of exact sizes; a warning itself takes about one percent.
 */
public interface QuotaWarningContract extends ConformanceFixture {

    long LIMIT = 100_000;

    /** The header every warning carries, with the threshold it crossed. */
    String WARNING_HEADER = "X-Postbox-Quota-Warning: ";

    Clock FIXED = Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC);

    /** A message of exactly {@code octets} octets (at least 100), distinct per {@code n}. */
    static byte[] ofSize(int n, long octets) {
        byte[] head = ("From: sender@example.net\nTo: someone@example.org\nSubject: fill " + n + "\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[(int) octets];
        System.arraycopy(head, 0, message, 0, head.length);
        for (int i = head.length; i < message.length; i++) {
            message[i] = (byte) ((i - head.length) % 77 == 76 || i == message.length - 1 ? '\n' : 'x');
        }
        return message;
    }

    private MailStore warning(MailStore backend) {
        return QuotaWarningStore.wrap(backend, QuotaWarningSettings.defaults(FIXED), new QuotaWarningObserver() {
            @Override
            public void sent(MailboxAddress mailbox, int threshold) {
            }

            @Override
            public void notStored(MailboxAddress mailbox, int threshold, String reason) {
                throw new AssertionError("warning to " + mailbox + " not stored: " + reason);
            }

            @Override
            public void templateBroken(Path file, String problem) {
                throw new AssertionError(file + ": " + problem);
            }
        });
    }

    private MailboxAddress limited(String address) {
        MailboxAddress mailbox = mailbox(address);
        directory().setMailboxQuota(mailbox, new MailboxQuota(LIMIT, 0));
        return mailbox;
    }

    /** The thresholds of the warnings in the maildrop, in order. */
    private List<Integer> warnings(MailboxAddress address) {
        List<Integer> thresholds = new ArrayList<>();
        try (Maildrop maildrop = store().open(address)) {
            for (int number = 1; number <= maildrop.messages().size(); number++) {
                String text = new String(ConformanceFixture.content(maildrop, number), StandardCharsets.UTF_8);
                int at = text.indexOf("\r\n" + WARNING_HEADER);
                int body = text.indexOf("\r\n\r\n");
                if (at >= 0 && (body < 0 || at < body)) {
                    int start = at + 2 + WARNING_HEADER.length();
                    thresholds.add(Integer.parseInt(text.substring(start, text.indexOf("\r\n", start))));
                }
            }
        }
        return thresholds;
    }

    private QuotaUsage usage(MailboxAddress address) {
        return directory().mailboxQuota(address).usage();
    }

    @Test
    default void crossingEightyThenNinetyFivePercentWarnsOnceEachAndStayingAboveDoesNot() {
        MailStore store = warning(store());
        MailboxAddress alice = limited("alice@example.org");

        for (int i = 0; i < 15; i++) { // 75 %
            deliver(store, alice, MessageSource.of(ofSize(i, 5_000)));
        }
        assertThat(warnings(alice)).isEmpty();
        deliver(store, alice, MessageSource.of(ofSize(15, 5_000))); // 80 %: crossed
        assertThat(warnings(alice)).containsExactly(80);
        deliver(store, alice, MessageSource.of(ofSize(16, 5_000))); // about 86 %: still above
        deliver(store, alice, MessageSource.of(ofSize(17, 5_000))); // about 91 %
        assertThat(warnings(alice)).containsExactly(80);
        deliver(store, alice, MessageSource.of(ofSize(18, 5_000))); // about 96 %: crossed
        assertThat(warnings(alice)).containsExactly(80, 95);
        assertThat(usage(alice).messages()).isEqualTo(19 + 2);
    }

    @Test
    default void fallingBelowAfterDeletionsAndCrossingAgainWarnsAgain() {
        MailStore store = warning(store());
        MailboxAddress alice = limited("alice@example.org");
        for (int i = 0; i < 8; i++) {
            deliver(store, alice, MessageSource.of(ofSize(i, 10_000)));
        }
        assertThat(warnings(alice)).containsExactly(80);

        try (Maildrop maildrop = store.open(alice)) { // a POP3 session deletes two messages: about 61 %
            BitSet deleted = new BitSet();
            deleted.set(1, 3);
            maildrop.commit(deleted);
        }
        deliver(store, alice, MessageSource.of(ofSize(8, 10_000))); // about 71 %
        assertThat(warnings(alice)).containsExactly(80);
        deliver(store, alice, MessageSource.of(ofSize(9, 10_000))); // about 81 %: crossed again

        assertThat(warnings(alice)).containsExactly(80, 80);
    }

    @Test
    default void aMailboxFilledToItsLimitStillGetsItsWarningPastTheQuota() {
        MailStore store = warning(store());
        MailboxAddress alice = limited("alice@example.org");
        deliver(store, alice, MessageSource.of(ofSize(0, 90_000))); // 90 %: warned of 80 %
        long room = LIMIT - usage(alice).storedOctets();

        deliver(store, alice, MessageSource.of(ofSize(1, room))); // exactly 100 %

        assertThat(warnings(alice)).containsExactly(80, 95);
        assertThat(usage(alice).storedOctets()).isGreaterThan(LIMIT);
        assertThat(store.deliver(List.of(alice), MessageSource.of(ofSize(2, 100))))
                .singleElement().isInstanceOf(DeliveryOutcome.OverQuota.class);
        assertThat(warnings(alice)).containsExactly(80, 95);
    }

    @Test
    default void eachMailboxIsWarnedOnceForTheHighestThresholdItsOwnLimitsCrossed() {
        MailStore store = warning(store());
        MailboxAddress alice = limited("alice@example.org");
        MailboxAddress carol = mailbox("carol@example.org");
        directory().setMailboxQuota(carol, new MailboxQuota(0, 10));
        MailboxAddress bob = mailbox("bob@example.org");

        deliver(store, alice, MessageSource.of(ofSize(0, 50_000)));
        deliver(store, alice, MessageSource.of(ofSize(1, 46_000))); // 50 % to 96 %: one warning, of 95 %
        for (int i = 0; i < 8; i++) { // the eighth of ten messages: 80 %
            deliver(store, carol, MessageSource.of(ofSize(i, 200)));
            deliver(store, bob, MessageSource.of(ofSize(i, 50_000))); // no limits: never warned
        }

        assertThat(warnings(alice)).containsExactly(95);
        assertThat(warnings(carol)).containsExactly(80);
        assertThat(warnings(bob)).isEmpty();
    }

    @Test
    default void anAliasDeliveryWarnsTheTargetMailboxThatCrossed() {
        MailStore store = warning(store());
        MailboxAddress alice = limited("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().setAlias(new Alias(AliasName.parse("team@example.org"), List.of(alice, bob)));

        assertThat(store.deliver(List.of(MailboxAddress.parse("team@example.org")), MessageSource.of(ofSize(0, 85_000))))
                .singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);

        assertThat(warnings(alice)).containsExactly(80);
        assertThat(warnings(bob)).isEmpty();
    }

    @Test
    default void ofConcurrentDeliveriesAcrossAThresholdExactlyOneWarns() throws Exception {
        MailboxAddress alice = limited("alice@example.org");
        MailStore first = warning(store());
        MailStore second = warning(secondInstance());
        for (int i = 0; i < 15; i++) { // 75 %
            deliver(first, alice, MessageSource.of(ofSize(i, 5_000)));
        }
        int parallel = 8; // 8 x 1 000 more: 83 %, crossing 80 % at one of them
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<DeliveryOutcome>>> results = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                MailStore via = i % 2 == 0 ? first : second;
                byte[] message = ofSize(100 + i, 1_000);
                Callable<List<DeliveryOutcome>> delivery = () -> {
                    start.await();
                    return via.deliver(List.of(alice), MessageSource.of(message));
                };
                results.add(pool.submit(delivery));
            }
            start.countDown();
            for (Future<List<DeliveryOutcome>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(warnings(alice)).containsExactly(80);
    }

    @Test
    default void aNoticeIsStoredPastTheQuotaAndCountedButOnlyInItsOwnMailbox() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setMailboxQuota(alice, new MailboxQuota(1_000, 1));
        deliver(alice, ofSize(0, 900));

        assertThat(store().deliverNotice(alice, MessageSource.of(ofSize(1, 500))))
                .isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(usage(alice)).isEqualTo(new QuotaUsage(1_400, 2));
        assertThat(store().deliverNotice(MailboxAddress.parse("nobody@example.org"), MessageSource.of(ofSize(2, 500))))
                .isInstanceOf(DeliveryOutcome.NoSuchMailbox.class);
    }
}
