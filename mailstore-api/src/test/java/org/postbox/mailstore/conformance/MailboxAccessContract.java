package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;

/**
 * POP3 access per mailbox and per domain ({@link Directory#setMailboxPop3Enabled},
 * {@link Directory#setDomainPop3Enabled}), the last login ({@link Directory#recordLogin}), and what
 * the {@link Mailbox} and {@link Domain} views show of a mailbox's and a domain's state.
 */
public interface MailboxAccessContract extends ConformanceFixture {

    default Mailbox view(MailboxAddress address) {
        return directory().mailboxes(Optional.of(address.domain())).stream()
                .filter(m -> m.address().equals(address)).findFirst().orElseThrow();
    }

    default Domain domainView(String name) {
        return directory().domains().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    default void aNewMailboxAndDomainAllowPop3AndHaveNoLastLogin() {
        MailboxAddress alice = mailbox("alice@example.org");

        assertThat(directory().account(alice)).hasValueSatisfying(account -> assertThat(account.pop3Enabled()).isTrue());
        assertThat(view(alice)).isEqualTo(
                new Mailbox(alice, 0, 0, MailboxQuota.UNLIMITED, false, true, Optional.empty()));
        assertThat(domainView("example.org")).isEqualTo(new Domain("example.org", 1, 0, false, true));
    }

    @Test
    default void aMailboxWithoutPop3IsNotSuspendedAndKeepsTakingMail() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");

        directory().setMailboxPop3Enabled(MailboxAddress.parse("Alice@example.org"), false);
        deliver(alice, message("still arrives"));

        Account account = directory().account(alice).orElseThrow();
        assertThat(account.pop3Enabled()).isFalse();
        assertThat(account.suspended()).isFalse();
        assertThat(view(alice).pop3Enabled()).isFalse();
        assertThat(secondInstance().directory().account(alice).orElseThrow().pop3Enabled()).isFalse();
        assertThat(directory().account(bob).orElseThrow().pop3Enabled()).isTrue();
        assertThat(domainView("example.org").pop3Enabled()).isTrue();
        assertThat(listing(alice)).hasSize(1);

        directory().setMailboxPop3Enabled(alice, false);
        directory().setMailboxPop3Enabled(alice, true);
        assertThat(directory().account(alice).orElseThrow().pop3Enabled()).isTrue();
    }

    @Test
    default void aDomainWithoutPop3TurnsItOffForAllItsMailboxesPresentAndFuture() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress carol = mailbox("carol@example.net");

        directory().setDomainPop3Enabled("EXAMPLE.org", false);
        MailboxAddress bob = mailbox("bob@example.org");

        assertThat(directory().account(alice).orElseThrow().pop3Enabled()).isFalse();
        assertThat(directory().account(bob).orElseThrow().pop3Enabled()).isFalse();
        assertThat(directory().account(alice).orElseThrow().suspended()).isFalse();
        assertThat(directory().account(carol).orElseThrow().pop3Enabled()).isTrue();
        assertThat(view(bob).pop3Enabled()).isFalse();
        assertThat(domainView("example.org")).isEqualTo(new Domain("example.org", 2, 0, false, false));
        assertThat(domainView("example.net").pop3Enabled()).isTrue();
        deliver(alice, message("still arrives"));

        directory().setDomainPop3Enabled("example.org", true);
        assertThat(directory().account(alice).orElseThrow().pop3Enabled()).isTrue();
        assertThat(domainView("example.org").pop3Enabled()).isTrue();
    }

    @Test
    default void aMailboxNeedsItsOwnAndItsDomainsPermission() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().setMailboxPop3Enabled(alice, false);

        directory().setDomainPop3Enabled("example.org", false);
        directory().setDomainPop3Enabled("example.org", true);

        assertThat(directory().account(alice).orElseThrow().pop3Enabled()).isFalse();
        assertThat(directory().account(bob).orElseThrow().pop3Enabled()).isTrue();

        directory().setDomainPop3Enabled("example.org", false);
        directory().setMailboxPop3Enabled(alice, true);
        assertThat(directory().account(alice).orElseThrow().pop3Enabled()).isFalse();
        directory().setDomainPop3Enabled("example.org", true);
        assertThat(directory().account(alice).orElseThrow().pop3Enabled()).isTrue();
    }

    @Test
    default void pop3AccessOfUnknownMailboxesAndDomainsIsRefused() {
        directory().addDomain("example.org");

        assertThatThrownBy(() -> directory().setMailboxPop3Enabled(MailboxAddress.parse("ghost@example.org"), false))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> directory().setDomainPop3Enabled("nowhere.example", false))
                .isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().recordLogin(MailboxAddress.parse("ghost@example.org"), Instant.now()))
                .isInstanceOf(NoSuchMailboxException.class);
    }

    @Test
    default void theLastRecordedLoginIsShownToEveryInstance() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        Instant first = Instant.parse("2026-01-02T03:04:05.678Z");
        Instant second = Instant.parse("2026-01-09T10:11:12Z");

        directory().recordLogin(alice, first);
        assertThat(view(alice).lastLogin()).hasValueSatisfying(login ->
                assertThat(login).isBetween(first.truncatedTo(ChronoUnit.SECONDS), first));

        directory().recordLogin(alice, second);
        assertThat(view(alice).lastLogin()).contains(second);
        assertThat(secondInstance().directory().mailboxes(Optional.empty())).extracting(Mailbox::lastLogin)
                .containsExactly(Optional.of(second), Optional.empty());
        assertThat(view(bob).lastLogin()).isEmpty();
    }

    @Test
    default void theMailboxViewShowsItsLimitsAndSuspensionByItselfOrItsDomain() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        byte[] mail = message("counted");
        deliver(alice, mail);
        directory().setMailboxQuota(alice, new MailboxQuota(mail.length * 4L, 2));
        directory().setMailboxSuspended(bob, true);

        Mailbox view = view(alice);
        assertThat(view).isEqualTo(new Mailbox(alice, 1, mail.length, new MailboxQuota(mail.length * 4L, 2),
                false, true, Optional.empty()));
        assertThat(view.quotaFill()).isEqualTo(0.5);
        assertThat(view(bob).suspended()).isTrue();
        assertThat(domainView("example.org").suspended()).isFalse();

        directory().setDomainSuspended("example.org", true);
        assertThat(view(alice).suspended()).isTrue();
        assertThat(domainView("example.org")).isEqualTo(new Domain("example.org", 2, 0, true, true));
    }
}
