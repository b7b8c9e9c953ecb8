package org.postbox.mailstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetentionValuesTest {

    @Test
    void expireIsDaysOrNeverAndNeverIsTheLongest() {
        assertThat(Expire.parse("30")).isEqualTo(Expire.days(30));
        assertThat(Expire.parse(" Never ")).isEqualTo(Expire.NEVER);
        assertThat(Expire.parse("0").toString()).isEqualTo("0");
        assertThat(Expire.NEVER.toString()).isEqualTo("NEVER");
        assertThat(Expire.days(5).shorter(Expire.NEVER)).isEqualTo(Expire.days(5));
        assertThat(Expire.NEVER.shorter(Expire.days(0))).isEqualTo(Expire.days(0));
        assertThat(Expire.days(7).shorter(Expire.days(3))).isEqualTo(Expire.days(3));
        for (String bad : new String[] {"", "-1", "soon", "1.5", "36501", "9999999"}) {
            assertThatThrownBy(() -> Expire.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theCutoffsAreWholeDaysBeforeNow() {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        assertThat(Expire.days(30).cutoff(now)).contains(now.minus(Duration.ofDays(30)));
        assertThat(Expire.NEVER.cutoff(now)).isEmpty();
        assertThat(new DomainRetention(Expire.NEVER, 7, false).purgeCutoff(now)).isEqualTo(now.minus(Duration.ofDays(7)));
        // No hold any more: whatever an earlier hold kept goes.
        assertThat(DomainRetention.DEFAULT.purgeCutoff(now)).isEqualTo(Instant.MAX);
        assertThatThrownBy(() -> new DomainRetention(Expire.NEVER, -1, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMailboxsOwnExpireWinsOverItsDomains() {
        MailboxAddress alice = MailboxAddress.parse("alice@example.org");
        DomainRetention domain = DomainRetention.DEFAULT.withExpire(Expire.days(30));
        assertThat(new MailboxRetention(alice, Optional.empty(), domain).expire()).isEqualTo(Expire.days(30));
        assertThat(new MailboxRetention(alice, Optional.of(Expire.NEVER), domain).expire()).isEqualTo(Expire.NEVER);
    }
}
