package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxLogin;
import org.postbox.mailstore.NoSuchMailboxException;

/**
 * Each mailbox's history ({@link org.postbox.mailstore.MailboxHistory}): what is appended is read
 * back newest first by every instance, the retention drops by age and by count at the next
 * append (the times are given, so no clock is waited for), and the history follows its mailbox.
 */
public interface HistoryContract extends ConformanceFixture {

    Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

    static HistoryEvent.Login login(Instant at, String session, String tls, String mechanism) {
        return new HistoryEvent.Login(at, session, "192.0.2.7", Optional.ofNullable(tls), mechanism);
    }

    static HistoryEvent.Deletion deletion(Instant at, String session, String uidl) {
        return new HistoryEvent.Deletion(at, session, uidl, 100 + uidl.length());
    }

    @Test
    default void eventsAreReadBackNewestFirstByEveryInstance() {
        MailboxAddress alice = mailbox("alice@example.com");
        HistoryEvent.Login first = login(T0, "0000000a", "TLSv1.3", "PLAIN");
        HistoryEvent.Login second = new HistoryEvent.Login(T0.plusSeconds(60), "0000000b", "2001:db8::1",
                Optional.empty(), "USER");
        HistoryEvent.Deletion one = deletion(T0.plusSeconds(90), "0000000b", "uid-1");
        HistoryEvent.Deletion two = deletion(T0.plusSeconds(90), "0000000b", "uid-2,S=7");

        assertThat(store().history().events(alice, Instant.EPOCH)).isEmpty();
        store().history().append(alice, List.of(first), HistoryRetention.DEFAULTS, T0);
        store().history().append(alice, List.of(second), HistoryRetention.DEFAULTS, T0.plusSeconds(60));
        store().history().append(alice, List.of(one, two), HistoryRetention.DEFAULTS, T0.plusSeconds(90));

        assertThat(secondInstance().history().events(alice, Instant.EPOCH)).containsExactly(two, one, second, first);
        assertThat(store().history().events(alice, T0.plusSeconds(60))).containsExactly(two, one, second);
        assertThat(first.at()).isEqualTo(T0); // milliseconds survive the round trip
    }

    @Test
    default void anAppendDropsWhatTheRetentionNoLongerKeeps() {
        MailboxAddress alice = mailbox("alice@example.com");
        HistoryRetention week = new HistoryRetention(Duration.ofDays(7), 3);
        HistoryEvent old = login(T0, "00000001", null, "APOP");
        store().history().append(alice, List.of(old), week, T0);

        Instant later = T0.plus(Duration.ofDays(8));
        List<HistoryEvent> recent = List.of(login(later, "00000002", "TLSv1.3", "SCRAM-SHA-256"),
                deletion(later.plusSeconds(1), "00000002", "a"), deletion(later.plusSeconds(2), "00000002", "b"),
                deletion(later.plusSeconds(3), "00000002", "c"));
        store().history().append(alice, recent, week, later.plusSeconds(3));

        // Older than a week: gone; of the four younger ones, the newest three.
        assertThat(store().history().events(alice, Instant.EPOCH))
                .containsExactly(recent.get(3), recent.get(2), recent.get(1));
    }

    @Test
    default void loginsAppendedOneByOneKeepTheHistoryBounded() {
        MailboxAddress alice = mailbox("alice@example.com");
        HistoryRetention three = new HistoryRetention(Duration.ofDays(7), 3);
        for (int i = 0; i < 100; i++) {
            store().history().append(alice, List.of(login(T0.plusSeconds(i), "%08x".formatted(i), null, "PLAIN")), three,
                    T0.plusSeconds(i));
        }
        List<HistoryEvent> kept = store().history().events(alice, Instant.EPOCH);
        // A login's append may leave the cut for later, but not for ever: at most one period late.
        assertThat(kept).hasSizeBetween(3, 40);
        assertThat(kept.get(0).at()).as("the newest is kept").isEqualTo(T0.plusSeconds(99));
    }

    @Test
    default void theHistoryFollowsARenameAndGoesWithItsMailbox() {
        MailboxAddress alice = mailbox("alice@example.com");
        mailbox("bob@example.org");
        HistoryEvent.Login login = login(T0, "0000000c", "TLSv1.2", "CRAM-MD5");
        store().history().append(alice, List.of(login), HistoryRetention.DEFAULTS, T0);

        MailboxAddress renamed = MailboxAddress.parse("carol@example.org");
        directory().renameMailbox(alice, renamed);
        assertThat(store().history().events(renamed, Instant.EPOCH)).containsExactly(login);
        assertThatThrownBy(() -> store().history().events(alice, Instant.EPOCH))
                .isInstanceOf(NoSuchMailboxException.class);

        directory().removeMailbox(renamed);
        directory().addMailbox(renamed, TestMessages.PASSWORD_HASH);
        assertThat(store().history().events(renamed, Instant.EPOCH)).isEmpty();
        assertThatThrownBy(() -> store().history().append(alice, List.of(login), HistoryRetention.DEFAULTS, T0))
                .isInstanceOf(NoSuchMailboxException.class);
    }

    @Test
    default void theLoginsOfEveryMailboxAreListedByAddressThenNewestFirst() {
        MailboxAddress zed = mailbox("zed@a.example");
        MailboxAddress bob = mailbox("bob@b.example");
        MailboxAddress amy = mailbox("amy@b.example");
        HistoryEvent.Login zedOld = login(T0, "00000011", null, "USER");
        HistoryEvent.Login zedNew = login(T0.plusSeconds(5), "00000012", "TLSv1.3", "PLAIN");
        HistoryEvent.Login amyLogin = login(T0.plusSeconds(7), "00000013", null, "APOP");
        store().history().append(zed, List.of(zedOld), HistoryRetention.DEFAULTS, T0);
        store().history().append(zed, List.of(zedNew, deletion(T0.plusSeconds(6), "00000012", "x")),
                HistoryRetention.DEFAULTS, T0.plusSeconds(6));
        store().history().append(amy, List.of(amyLogin), HistoryRetention.DEFAULTS, T0.plusSeconds(7));
        store().history().append(bob, List.of(deletion(T0, "00000014", "y")), HistoryRetention.DEFAULTS, T0);

        assertThat(secondInstance().history().logins(Instant.EPOCH)).containsExactly(
                new MailboxLogin(zed, zedNew), new MailboxLogin(zed, zedOld), new MailboxLogin(amy, amyLogin));
        assertThat(store().history().logins(T0.plusSeconds(1))).containsExactly(
                new MailboxLogin(zed, zedNew), new MailboxLogin(amy, amyLogin));
    }
}
