package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;

class LoginPenaltiesTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");

    private final AtomicLong clock = new AtomicLong();

    @Test
    void waitsDoubleFromTheInitialToTheMaximum() {
        LoginPenalties penalties = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15), clock::get);
        assertThat(penalties.waitAfter(0)).isZero();
        assertThat(penalties.waitAfter(1)).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(penalties.waitAfter(2)).isEqualTo(Duration.ofSeconds(4).toNanos());
        assertThat(penalties.waitAfter(3)).isEqualTo(Duration.ofSeconds(8).toNanos());
        assertThat(penalties.waitAfter(4)).isEqualTo(Duration.ofSeconds(15).toNanos());
        assertThat(penalties.waitAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(15).toNanos());
    }

    @Test
    void aZeroInitialWaitTurnsPenaltiesOff() throws Exception {
        LoginPenalties penalties = new LoginPenalties(Duration.ZERO, Duration.ofSeconds(15), clock::get);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        penalties.failed(client, Optional.empty(), OptionalLong.empty());
        assertThat(penalties.waitFor(client)).isZero();
        assertThat(penalties.tracked()).isZero();
    }

    @Test
    void successClearsAndIpv4MappedAddressesCountAsIpv4() throws Exception {
        LoginPenalties penalties = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15), clock::get);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        penalties.failed(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
                (byte) 192, 0, 2, 1}), Optional.of(ALICE), OptionalLong.empty());
        assertThat(penalties.waitFor(client)).isEqualTo(Duration.ofSeconds(2));
        penalties.succeeded(client, ALICE);
        assertThat(penalties.waitFor(client)).isZero();
    }

    @Test
    void successTakesBackOnlyTheFailuresAtItsOwnMailbox() throws Exception {
        LoginPenalties penalties = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15), clock::get);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        penalties.failed(client, Optional.of(ALICE), OptionalLong.empty());
        penalties.failed(client, Optional.of(ALICE), OptionalLong.empty());
        penalties.failed(client, Optional.of(BOB), OptionalLong.empty());
        penalties.failed(client, Optional.empty(), OptionalLong.empty());
        assertThat(penalties.waitFor(client)).isEqualTo(Duration.ofSeconds(15));

        penalties.succeeded(client, BOB);
        assertThat(penalties.waitFor(client)).isEqualTo(Duration.ofSeconds(8));
        penalties.succeeded(client, BOB);
        assertThat(penalties.waitFor(client)).isEqualTo(Duration.ofSeconds(8));
        penalties.succeeded(client, ALICE);
        // The failure that named no mailbox cannot be taken back by any success.
        assertThat(penalties.waitFor(client)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void attemptsAdmittedTogetherWaitTheirTurnsOneAfterTheOther() throws Exception {
        LoginPenalties penalties = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15), clock::get);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        InetAddress neighbour = InetAddress.getByName("192.0.2.2");
        penalties.failed(client, Optional.of(ALICE), OptionalLong.empty());

        assertThat(penalties.admit(client)).isEqualTo(Duration.ofSeconds(2));
        assertThat(penalties.admit(client)).isEqualTo(Duration.ofSeconds(4));
        assertThat(penalties.admit(client)).isEqualTo(Duration.ofSeconds(6));
        assertThat(penalties.admit(neighbour)).isZero();
        // Once the turns have passed, an attempt waits its plain penalty again.
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(penalties.admit(client)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void fingerprintsDependOnMailboxAndPasswordAndAreNotThePassword() {
        LoginPenalties penalties = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15), clock::get);
        MailboxAddress alice = MailboxAddress.parse("alice@example.com");
        MailboxAddress bob = MailboxAddress.parse("bob@example.com");
        assertThat(penalties.fingerprint(alice, "x")).isEqualTo(penalties.fingerprint(alice, "x"))
                .isNotEqualTo(penalties.fingerprint(alice, "y")).isNotEqualTo(penalties.fingerprint(bob, "x"));
        // A new process, a new key: the fingerprint cannot be looked up in a table made elsewhere.
        LoginPenalties other = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15), clock::get);
        assertThat(other.fingerprint(alice, "x")).isNotEqualTo(penalties.fingerprint(alice, "x"));
    }

    @Test
    void theTableIsBounded() throws Exception {
        LoginPenalties penalties = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15), clock::get);
        byte[] octets = {10, 0, 0, 0};
        for (int i = 0; i < LoginPenalties.CAPACITY + 500; i++) {
            octets[1] = (byte) (i >> 16);
            octets[2] = (byte) (i >> 8);
            octets[3] = (byte) i;
            penalties.failed(InetAddress.getByAddress(octets), Optional.empty(), OptionalLong.empty());
        }
        assertThat(penalties.tracked()).isEqualTo(LoginPenalties.CAPACITY);
    }
}
