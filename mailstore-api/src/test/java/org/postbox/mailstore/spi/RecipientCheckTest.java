package org.postbox.mailstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.testing.StubDirectory;

/** The order in which a recipient is refused: unknown, suspended, mailbox full, domain full. */
class RecipientCheckTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");

    private final AtomicReference<Account> account = new AtomicReference<>(new Account(ALICE, "{PLAIN}x"));
    private final AtomicReference<MailboxQuotaReport> mailboxQuota =
            new AtomicReference<>(new MailboxQuotaReport(ALICE, MailboxQuota.UNLIMITED, QuotaUsage.NONE));
    private final AtomicReference<DomainQuotaReport> domainQuota =
            new AtomicReference<>(new DomainQuotaReport("example.org", DomainQuota.UNLIMITED, QuotaUsage.NONE, 1));
    private final AtomicReference<RuntimeException> quotaFailure = new AtomicReference<>();

    private final Directory directory = new StubDirectory(address -> Optional.ofNullable(account.get())) {
        @Override
        public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
            failIfTold();
            return mailboxQuota.get();
        }

        @Override
        public DomainQuotaReport domainQuota(String domain) {
            failIfTold();
            return domainQuota.get();
        }

        private void failIfTold() {
            if (quotaFailure.get() != null) {
                throw quotaFailure.get();
            }
        }
    };

    @Test
    void aMailboxWithRoomIsAcceptedUpToItsLimitExactly() {
        mailboxQuota.set(new MailboxQuotaReport(ALICE, new MailboxQuota(1000, 0), new QuotaUsage(900, 3)));

        assertThat(RecipientCheck.refusal(directory, ALICE, 100)).isEmpty();
        assertThat(RecipientCheck.refusal(directory, ALICE, 101)).hasValueSatisfying(refusal ->
                assertThat(refusal).isInstanceOfSatisfying(DeliveryOutcome.OverQuota.class, full ->
                        assertThat(full.reason()).contains("mailbox storage")));
    }

    @Test
    void anUnknownMailboxComesFirst() {
        account.set(null);
        quotaFailure.set(new IllegalStateException("the quota must not be asked for"));

        assertThat(RecipientCheck.refusal(directory, ALICE, 0)).contains(new DeliveryOutcome.NoSuchMailbox());
    }

    @Test
    void aSuspendedMailboxIsRefusedAsSuchEvenWhenFull() {
        account.set(new Account(ALICE, "{PLAIN}x", true));
        mailboxQuota.set(new MailboxQuotaReport(ALICE, new MailboxQuota(0, 1), new QuotaUsage(10, 1)));

        assertThat(RecipientCheck.refusal(directory, ALICE, 0)).contains(new DeliveryOutcome.Suspended());
    }

    @Test
    void theMailboxLimitIsNamedBeforeTheDomainLimit() {
        mailboxQuota.set(new MailboxQuotaReport(ALICE, new MailboxQuota(0, 1), new QuotaUsage(10, 1)));
        domainQuota.set(new DomainQuotaReport("example.org", new DomainQuota(10, 0), new QuotaUsage(10, 1), 1));

        assertThat(RecipientCheck.refusal(directory, ALICE, 1)).hasValueSatisfying(refusal ->
                assertThat(((DeliveryOutcome.OverQuota) refusal).reason()).contains("mailbox message"));

        mailboxQuota.set(new MailboxQuotaReport(ALICE, MailboxQuota.UNLIMITED, new QuotaUsage(10, 1)));

        assertThat(RecipientCheck.refusal(directory, ALICE, 1)).hasValueSatisfying(refusal ->
                assertThat(((DeliveryOutcome.OverQuota) refusal).reason()).contains("domain storage"));
    }

    @Test
    void aMailboxOrDomainRemovedSinceTheAccountWasReadIsUnknown() {
        quotaFailure.set(new NoSuchMailboxException("removed"));
        assertThat(RecipientCheck.refusal(directory, ALICE, 0)).contains(new DeliveryOutcome.NoSuchMailbox());

        quotaFailure.set(new NoSuchDomainException("removed"));
        assertThat(RecipientCheck.refusal(directory, ALICE, 0)).contains(new DeliveryOutcome.NoSuchMailbox());
    }

    @Test
    void anUnreachableDirectoryIsNoAnswer() {
        quotaFailure.set(new StoreUnavailableException("connection refused"));

        assertThatThrownBy(() -> RecipientCheck.refusal(directory, ALICE, 0))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
