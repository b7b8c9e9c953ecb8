package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The ledger's own verdicts: a checker that cannot say "lost", "duplicated" or "unexpected" proves nothing. */
class MailLedgerTest {

    private static final String ALICE = "alice@example.test";

    private final MailLedger ledger = new MailLedger();

    @Test
    void aMessageTakenOnceIsAccountedFor() {
        ledger.acknowledged(ALICE, message(1));
        MailLedger.Session session = ledger.deleting(ALICE);
        session.retrieved(asRetrieved(1));
        session.quitConfirmed();

        MailLedger.Verdict verdict = ledger.verdict();

        assertThat(verdict.clean()).as(verdict.toString()).isTrue();
        assertThat(verdict.acknowledged()).isEqualTo(1);
    }

    @Test
    void aMessageNeverRetrievedIsLost() {
        ledger.acknowledged(ALICE, message(1));
        ledger.acknowledged(ALICE, message(2));
        MailLedger.Session session = ledger.deleting(ALICE);
        session.retrieved(asRetrieved(1));
        session.quitConfirmed();

        assertThat(ledger.verdict().lost()).containsExactly(ALICE + " <2@sender.test>");
    }

    @Test
    void aMessageDeletedInASessionWithoutQuitAndNotSeenAgainIsLost() {
        ledger.acknowledged(ALICE, message(1));
        MailLedger.Session killed = ledger.deleting(ALICE);
        killed.retrieved(asRetrieved(1));
        killed.abandoned();
        ledger.deleting(ALICE).quitConfirmed();

        assertThat(ledger.verdict().lost()).hasSize(1);
    }

    @Test
    void aMessageDeletedWithoutQuitAndTakenLaterIsAccountedFor() {
        ledger.acknowledged(ALICE, message(1));
        MailLedger.Session killed = ledger.deleting(ALICE);
        killed.retrieved(asRetrieved(1));
        killed.abandoned();
        MailLedger.Session after = ledger.deleting(ALICE);
        after.retrieved(asRetrieved(1));
        after.quitConfirmed();

        assertThat(ledger.verdict().clean()).isTrue();
    }

    @Test
    void aMessageSeenAgainAfterTheDeletingQuitIsDuplicated() {
        ledger.acknowledged(ALICE, message(1));
        MailLedger.Session first = ledger.deleting(ALICE);
        first.retrieved(asRetrieved(1));
        first.quitConfirmed();
        MailLedger.Session resurrected = ledger.leaving(ALICE);
        resurrected.retrieved(asRetrieved(1));
        resurrected.quitConfirmed();

        MailLedger.Verdict verdict = ledger.verdict();

        assertThat(verdict.duplicated()).containsExactly(ALICE + " <1@sender.test>");
        assertThat(verdict.lost()).isEmpty();
    }

    @Test
    void aMessageTakenByTwoDeletingSessionsIsDuplicated() {
        ledger.acknowledged(ALICE, message(1));
        for (int i = 0; i < 2; i++) {
            MailLedger.Session session = ledger.deleting(ALICE);
            session.retrieved(asRetrieved(1));
            session.quitConfirmed();
        }

        assertThat(ledger.verdict().duplicated()).hasSize(1);
    }

    @Test
    void twoCopiesInOneSessionAreDuplicated() {
        ledger.acknowledged(ALICE, message(1));
        MailLedger.Session session = ledger.deleting(ALICE);
        session.retrieved(asRetrieved(1));
        session.retrieved(asRetrieved(1));
        session.quitConfirmed();

        assertThat(ledger.verdict().duplicated()).containsExactly(ALICE + " <1@sender.test>");
    }

    @Test
    void aLeaveOnServerRetrievalBeforeTheTakeIsNoDuplicate() {
        ledger.acknowledged(ALICE, message(1));
        MailLedger.Session leaving = ledger.leaving(ALICE);
        leaving.retrieved(asRetrieved(1));
        leaving.quitConfirmed();
        MailLedger.Session deleting = ledger.deleting(ALICE);
        deleting.retrieved(asRetrieved(1));
        deleting.quitConfirmed();

        assertThat(ledger.verdict().clean()).isTrue();
    }

    @Test
    void aMessageNeverAcknowledgedIsUnexpected() {
        MailLedger.Session session = ledger.deleting(ALICE);
        session.retrieved(asRetrieved(7));
        session.quitConfirmed();

        assertThat(ledger.verdict().unexpected()).hasSize(1);
    }

    @Test
    void anAlteredMessageIsUnexpectedAndTheOriginalLost() {
        ledger.acknowledged(ALICE, message(1));
        byte[] altered = asRetrieved(1);
        altered[altered.length - 3] ^= 1;
        MailLedger.Session session = ledger.deleting(ALICE);
        session.retrieved(altered);
        session.quitConfirmed();

        MailLedger.Verdict verdict = ledger.verdict();

        assertThat(verdict.unexpected()).hasSize(1);
        assertThat(verdict.lost()).hasSize(1);
    }

    @Test
    void aMessageForSomeoneElseIsUnexpected() {
        ledger.acknowledged("bob@example.test", message(1));
        MailLedger.Session session = ledger.deleting(ALICE);
        session.retrieved(asRetrieved(1));
        session.quitConfirmed();

        assertThat(ledger.verdict().unexpected()).hasSize(1);
    }

    @Test
    void anUnansweredQuitCountsWhatLaterSessionsNoLongerSee() {
        for (int n = 1; n <= 3; n++) {
            ledger.acknowledged(ALICE, message(n));
        }
        MailLedger.Session killed = ledger.deleting(ALICE);
        for (int n = 1; n <= 3; n++) {
            killed.retrieved(asRetrieved(n));
        }
        killed.quitUnanswered();
        MailLedger.Session drain = ledger.deleting(ALICE);
        drain.retrieved(asRetrieved(3));
        drain.quitConfirmed();

        MailLedger.Verdict verdict = ledger.verdict();

        assertThat(verdict.clean()).as(verdict.toString()).isTrue();
        assertThat(verdict.inDoubt()).containsExactly(new MailLedger.InDoubt(ALICE, 3, 2));
        assertThat(verdict.inDoubt().get(0).allOrNone()).isFalse();
    }

    @Test
    void aVerdictSplitsByRecipient() {
        String bob = "bob@example.test";
        ledger.acknowledged(ALICE, message(1));
        ledger.acknowledged(ALICE, message(2));
        ledger.acknowledged(bob, message(3));
        MailLedger.Session session = ledger.deleting(ALICE);
        session.retrieved(asRetrieved(1));
        session.quitConfirmed();

        MailLedger.Verdict verdict = ledger.verdict();

        assertThat(verdict.of(ALICE).acknowledged()).isEqualTo(2);
        assertThat(verdict.of(ALICE).lost()).containsExactly(ALICE + " <2@sender.test>");
        assertThat(verdict.of(bob).acknowledged()).isEqualTo(1);
        assertThat(verdict.of(bob).lost()).containsExactly(bob + " <3@sender.test>");
    }

    @Test
    void theSameMessageTwiceCannotBeTold() {
        ledger.acknowledged(ALICE, message(1));

        assertThatThrownBy(() -> ledger.acknowledged(ALICE, message(1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** As the MTA sent it: LF line ends. */
    private static byte[] message(int n) {
        return ("From: sender@sender.test\nTo: " + ALICE + "\nMessage-ID: <" + n + "@sender.test>\nSubject: " + n
                + "\n\nBody " + n + ".\n").getBytes(StandardCharsets.UTF_8);
    }

    /** As RETR gives it back: trace fields on top, CRLF line ends. */
    private static byte[] asRetrieved(int n) {
        String trace = "Return-Path: <sender@sender.test>\r\nDelivered-To: " + ALICE + "\r\n"
                + "Received: from mta (127.0.0.1)\r\n\tby postbox.test (Postbox) with LMTP id 1\r\n"
                + "\tfor <" + ALICE + ">; Sun, 6 Dec 2026 08:00:00 +0000\r\n";
        String body = new String(message(n), StandardCharsets.UTF_8).replace("\n", "\r\n");
        return (trace + body).getBytes(StandardCharsets.UTF_8);
    }
}
