package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.LoginDelay;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;

/** RFC 2449 LOGIN-DELAY settings: per domain, overridden per mailbox, seen by every instance. */
public interface LoginDelayContract extends ConformanceFixture {

    Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    default void aMailboxTakesItsDomainsDelayUnlessItHasItsOwn() {
        MailboxAddress alice = mailbox("alice@example.com");
        MailboxAddress bob = mailbox("bob@example.com");
        assertThat(directory().loginDelay(alice)).isEqualTo(new LoginDelay(Optional.empty(), Duration.ZERO));
        assertThat(directory().leastLoginDelay()).isEmpty();

        directory().setDomainLoginDelay("Example.COM", FIVE_MINUTES);
        directory().setMailboxLoginDelay(bob, Optional.of(Duration.ofSeconds(60)));

        assertThat(secondInstance().directory().loginDelay(alice).effective()).isEqualTo(FIVE_MINUTES);
        assertThat(secondInstance().directory().loginDelay(bob))
                .isEqualTo(new LoginDelay(Optional.of(Duration.ofSeconds(60)), FIVE_MINUTES));
        assertThat(secondInstance().directory().leastLoginDelay()).contains(Duration.ofSeconds(60));

        directory().setMailboxLoginDelay(bob, Optional.of(Duration.ZERO));
        assertThat(directory().loginDelay(bob).effective()).isZero();
        assertThat(directory().leastLoginDelay()).contains(Duration.ZERO);

        directory().setMailboxLoginDelay(bob, Optional.empty());
        assertThat(directory().loginDelay(bob).effective()).isEqualTo(FIVE_MINUTES);
        assertThat(directory().leastLoginDelay()).contains(FIVE_MINUTES);

        // A domain without a delay: some mailboxes may log in at any time.
        mailbox("carol@example.org");
        assertThat(directory().leastLoginDelay()).contains(Duration.ZERO);
    }

    @Test
    default void aRenamedMailboxKeepsItsOwnDelay() {
        MailboxAddress alice = mailbox("alice@example.com");
        mailbox("bob@example.org");
        directory().setMailboxLoginDelay(alice, Optional.of(Duration.ofSeconds(90)));

        MailboxAddress moved = MailboxAddress.parse("alicia@example.org");
        directory().renameMailbox(alice, moved);

        assertThat(directory().loginDelay(moved)).isEqualTo(new LoginDelay(Optional.of(Duration.ofSeconds(90)), Duration.ZERO));
    }

    @Test
    default void delaysAreWholeSecondsUpToADayOfExistingDomainsAndMailboxes() {
        MailboxAddress alice = mailbox("alice@example.com");

        assertThatThrownBy(() -> directory().setDomainLoginDelay("example.com", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory().setDomainLoginDelay("example.com", Duration.ofDays(1).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory().setMailboxLoginDelay(alice, Optional.of(Duration.ofMillis(1500))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory().setDomainLoginDelay("nowhere.example", FIVE_MINUTES))
                .isInstanceOf(NoSuchDomainException.class);
        MailboxAddress nobody = MailboxAddress.parse("nobody@example.com");
        assertThatThrownBy(() -> directory().setMailboxLoginDelay(nobody, Optional.of(FIVE_MINUTES)))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> directory().loginDelay(nobody)).isInstanceOf(NoSuchMailboxException.class);

        directory().setDomainLoginDelay("example.com", Duration.ofDays(1));
        assertThat(directory().loginDelay(alice).effective()).isEqualTo(Duration.ofDays(1));
    }
}
