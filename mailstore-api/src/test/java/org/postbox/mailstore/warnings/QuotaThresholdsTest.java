package org.postbox.mailstore.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.UsageChange;

class QuotaThresholdsTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxQuota STORAGE = new MailboxQuota(1_000, 0);

    private static OptionalInt crossed(long before, long after, MailboxQuota limit) {
        return QuotaThresholds.DEFAULT.crossed(new UsageChange(ALICE, new QuotaUsage(before, 1), new QuotaUsage(after, 2), limit));
    }

    @Test
    void aCopyCrossesWhenItTakesUsageFromBelowToAtOrAbove() {
        assertThat(crossed(799, 800, STORAGE)).hasValue(80);
        assertThat(crossed(700, 900, STORAGE)).hasValue(80);
        assertThat(crossed(940, 950, STORAGE)).hasValue(95);
        assertThat(crossed(799, 799, STORAGE)).isEmpty();
        assertThat(crossed(800, 940, STORAGE)).as("above 80 % already").isEmpty();
        assertThat(crossed(950, 1_200, STORAGE)).as("above 95 % already, even past the limit").isEmpty();
    }

    @Test
    void oneCopyAcrossSeveralThresholdsCrossesTheHighest() {
        assertThat(crossed(100, 990, STORAGE)).hasValue(95);
    }

    @Test
    void theMessageCountCountsWhenLimitedAndAnUnlimitedMailboxNeverCrosses() {
        MailboxQuota messages = new MailboxQuota(0, 10);
        UsageChange eighth = new UsageChange(ALICE, new QuotaUsage(70, 7), new QuotaUsage(80, 8), messages);
        assertThat(QuotaThresholds.DEFAULT.crossed(eighth)).hasValue(80);
        assertThat(crossed(0, Long.MAX_VALUE / 2, MailboxQuota.UNLIMITED)).isEmpty();
    }

    @Test
    void hugeSizesAreComparedExactly() {
        MailboxQuota huge = new MailboxQuota(Long.MAX_VALUE, 0);
        long eighty = Long.MAX_VALUE / 100 * 80 + Long.MAX_VALUE % 100 * 80 / 100 + 1;
        assertThat(crossed(eighty - 2, eighty, huge)).hasValue(80);
        assertThat(QuotaThresholds.percent(new QuotaUsage(Long.MAX_VALUE, 0), huge)).isEqualTo(100);
    }

    @Test
    void percentIsTheFullerOfTheTwoLimitsRoundedDown() {
        assertThat(QuotaThresholds.percent(new QuotaUsage(805, 3), new MailboxQuota(1_000, 10))).isEqualTo(80);
        assertThat(QuotaThresholds.percent(new QuotaUsage(100, 9), new MailboxQuota(1_000, 10))).isEqualTo(90);
        assertThat(QuotaThresholds.percent(new QuotaUsage(1_300, 1), new MailboxQuota(1_000, 0))).isEqualTo(130);
    }

    @Test
    void thresholdsAreSortedAndChecked() {
        assertThat(QuotaThresholds.of(List.of(95, 50, 95)).percents()).containsExactly(50, 95);
        assertThat(QuotaThresholds.of(List.of()).off()).isTrue();
        assertThatThrownBy(() -> QuotaThresholds.of(List.of(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuotaThresholds.of(List.of(101))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaThresholds(List.of(95, 80))).isInstanceOf(IllegalArgumentException.class);
    }
}
