package org.postbox.mailstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuotaValuesTest {

    @Test
    void limitsAreZeroForUnlimitedOrPositive() {
        assertThat(MailboxQuota.UNLIMITED.isUnlimited()).isTrue();
        assertThat(new MailboxQuota(0, 1).isUnlimited()).isFalse();
        assertThat(DomainQuota.UNLIMITED.isUnlimited()).isTrue();
        assertThatThrownBy(() -> new MailboxQuota(-1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new MailboxQuota(0, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DomainQuota(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMailboxLimitMayBeReachedButNotPassed() {
        MailboxQuota quota = new MailboxQuota(1000, 3);

        assertThat(quota.refusal(new QuotaUsage(900, 2), 100)).isEmpty();
        assertThat(quota.refusal(new QuotaUsage(900, 2), 101)).hasValueSatisfying(reason ->
                assertThat(reason).contains("mailbox storage").contains("1000"));
        assertThat(quota.refusal(new QuotaUsage(0, 3), 1)).hasValueSatisfying(reason ->
                assertThat(reason).contains("mailbox message").contains("3"));
        assertThat(MailboxQuota.UNLIMITED.refusal(new QuotaUsage(Long.MAX_VALUE / 2, Integer.MAX_VALUE), 1)).isEmpty();
    }

    @Test
    void aDomainLimitConcernsStorageOnly() {
        DomainQuota quota = new DomainQuota(500, 1);

        assertThat(quota.refusal(new QuotaUsage(400, 1000), 100)).isEmpty();
        assertThat(quota.refusal(new QuotaUsage(401, 0), 100)).hasValueSatisfying(reason ->
                assertThat(reason).contains("domain storage"));
        assertThat(new DomainQuotaReport("example.org", quota, new QuotaUsage(500, 1), 1).refusal(0)).isEmpty();
    }

    @Test
    void usageAddsAndSubtracts() {
        assertThat(new QuotaUsage(10, 1).plus(new QuotaUsage(5, 2)).minus(new QuotaUsage(15, 3))).isEqualTo(QuotaUsage.NONE);
    }

    @Test
    void anAccountIsNotSuspendedUnlessSaidAndNeverPrintsItsHash() {
        MailboxAddress alice = MailboxAddress.parse("alice@example.org");

        assertThat(new Account(alice, "{PLAIN}secret")).isEqualTo(new Account(alice, "{PLAIN}secret", false));
        assertThat(new Account(alice, "{PLAIN}secret", true).toString()).isEqualTo("Account[alice@example.org, suspended]");
    }
}
