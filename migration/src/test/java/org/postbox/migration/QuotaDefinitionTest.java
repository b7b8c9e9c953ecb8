package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxQuota;

class QuotaDefinitionTest {

    @Test
    void parsesMaildirPlusPlusDefinitions() {
        assertThat(QuotaDefinition.parse("10000000S,100C")).isEqualTo(new MailboxQuota(10_000_000, 100));
        assertThat(QuotaDefinition.parse("100C,5S")).isEqualTo(new MailboxQuota(5, 100));
        assertThat(QuotaDefinition.parse("500000S")).isEqualTo(new MailboxQuota(500_000, 0));
        assertThat(QuotaDefinition.parse("")).isEqualTo(MailboxQuota.UNLIMITED);
        assertThat(QuotaDefinition.format(new MailboxQuota(10_000_000, 100))).isEqualTo("10000000S,100C");
        assertThat(QuotaDefinition.format(new MailboxQuota(0, 7))).isEqualTo("7C");
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> QuotaDefinition.parse("10M")).hasMessage(
                "quota definition part '10M' is not <digits>S (octets) or <digits>C (messages)");
        assertThatThrownBy(() -> QuotaDefinition.parse("S")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuotaDefinition.parse("-5S")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuotaDefinition.parse("5S,")).isInstanceOf(IllegalArgumentException.class);
    }
}
