package org.postbox.daemon.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.RetentionConfig;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.conformance.StoreLocation;

/**
 * The daemon's sweeper over a real Maildir store, with a clock the test moves forward: what it
 * counts, that it works in batches and that it leaves a maildrop a session holds for the next sweep.
 * (What a sweep of one mailbox removes, on both backends, is the store's conformance suite's.)
 */
class RetentionSweeperTest {

    private static final String HASH = "{PLAIN}secret";
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private MailStore store;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void openStore() {
        store = new StoreLocation("maildir", Map.of("path", "mail"), dir).open();
        store.directory().addDomain("example.org");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private MailboxAddress mailboxWith(String address, int messages) {
        MailboxAddress mailbox = MailboxAddress.parse(address);
        store.directory().addMailbox(mailbox, HASH);
        for (int n = 1; n <= messages; n++) {
            store.deliver(List.of(mailbox), MessageSource.of(("Subject: " + n + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        return mailbox;
    }

    private void retrieveAll(MailboxAddress address) {
        try (Maildrop maildrop = store.open(address)) {
            for (int n = 1; n <= maildrop.messages().size(); n++) {
                maildrop.markRetrieved(n);
            }
        }
    }

    private double counter(String name) {
        return registry.counter(name).count();
    }

    @Test
    void sweepsRetrievedMailPastItsExpireInBatchesAndCountsIt() {
        store.directory().setDomainRetention("example.org", DomainRetention.DEFAULT.withExpire(Expire.days(30)));
        MailboxAddress alice = mailboxWith("alice@example.org", 3);
        MailboxAddress bob = mailboxWith("bob@example.org", 1);
        retrieveAll(alice);
        RetentionSweeper sweeper = new RetentionSweeper(store, new RetentionConfig(Duration.ofHours(1), 2), clock, registry);

        now.set(now.get().plus(DAY.multipliedBy(29)));
        assertThat(sweeper.sweep()).isEqualTo(new RetentionSweeper.Totals(0, 0, 0, 0));

        now.set(now.get().plus(DAY.multipliedBy(2)));
        assertThat(sweeper.sweep()).isEqualTo(new RetentionSweeper.Totals(3, 0, 0, 0));
        assertThat(store.directory().mailboxQuota(alice).usage().messages()).isZero();
        assertThat(store.directory().mailboxQuota(bob).usage().messages()).isEqualTo(1);
        assertThat(counter(RetentionSweeper.EXPIRED)).isEqualTo(3);
        assertThat(counter(RetentionSweeper.SWEEPS)).isEqualTo(2);
    }

    @Test
    void skipsAMaildropASessionHoldsAndSweepsItNextTime() {
        store.directory().setDomainRetention("example.org", new DomainRetention(Expire.days(0), 2, false));
        MailboxAddress alice = mailboxWith("alice@example.org", 2);
        retrieveAll(alice);
        try (Maildrop session = store.open(alice)) {
            BitSet second = new BitSet();
            second.set(2);
            session.commit(second); // held, not deleted: the domain holds for 2 days
        }
        RetentionSweeper sweeper = new RetentionSweeper(store, RetentionConfig.DEFAULTS, clock, registry);
        now.set(now.get().plus(DAY.multipliedBy(3)));

        try (Maildrop session = store.open(alice)) {
            assertThat(sweeper.sweep()).isEqualTo(new RetentionSweeper.Totals(0, 0, 1, 0));
            assertThat(session.messages()).hasSize(1);
        }
        assertThat(counter(RetentionSweeper.SKIPPED_LOCKED)).isEqualTo(1);

        assertThat(sweeper.sweep()).isEqualTo(new RetentionSweeper.Totals(1, 1, 0, 0));
        assertThat(counter(RetentionSweeper.PURGED)).isEqualTo(1);
        assertThat(store.undelete(alice, java.util.Optional.empty())).isZero();
    }
}
