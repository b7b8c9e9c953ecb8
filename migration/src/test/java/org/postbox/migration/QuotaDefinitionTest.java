package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuotaDefinitionTest {

    @Test
    void parsesMaildirPlusPlusDefinitions() {
        assertThat(QuotaDefinition.parse("10000000S,100C")).isEqualTo(new QuotaDefinition(10_000_000, 100));
        assertThat(QuotaDefinition.parse("100C,5S")).isEqualTo(new QuotaDefinition(5, 100));
        assertThat(QuotaDefinition.parse("500000S")).isEqualTo(new QuotaDefinition(500_000, 0));
        assertThat(QuotaDefinition.parse("")).isEqualTo(QuotaDefinition.UNLIMITED);
        assertThat(new QuotaDefinition(10_000_000, 100)).hasToString("10000000S,100C");
        assertThat(new QuotaDefinition(0, 7)).hasToString("7C");
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
