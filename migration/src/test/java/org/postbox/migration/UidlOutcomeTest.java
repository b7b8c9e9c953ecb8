package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UidlOutcomeTest {

    @Test
    void rfc1939AllowsOneToSeventyPrintableCharacters() {
        assertThat(UidlOutcome.of("!")).isEqualTo(new UidlOutcome.Valid("!"));
        assertThat(UidlOutcome.of("~".repeat(70))).isInstanceOf(UidlOutcome.Valid.class);
        assertThat(UidlOutcome.of("000000016b14cd59")).isInstanceOf(UidlOutcome.Valid.class);
    }

    @Test
    void anythingElseIsInvalidWithTheReason() {
        assertThat(UidlOutcome.problem("")).contains("the UIDL is empty");
        assertThat(UidlOutcome.problem("x".repeat(71))).contains("the UIDL has 71 characters; RFC 1939 allows at most 70");
        assertThat(UidlOutcome.problem("a b")).contains("the UIDL contains a space at position 2; RFC 1939 allows only the characters 0x21 to 0x7E");
        assertThat(UidlOutcome.problem("a\tb")).get().asString().contains("a tab");
        assertThat(UidlOutcome.problem("ab\u007f")).get().asString().contains("U+007F at position 3");
        assertThat(UidlOutcome.problem("é")).get().asString().contains("U+00E9");
        assertThat(UidlOutcome.of("a b")).isEqualTo(new UidlOutcome.Invalid("a b",
                "the UIDL contains a space at position 2; RFC 1939 allows only the characters 0x21 to 0x7E"));
        assertThatThrownBy(() -> new UidlOutcome.Valid("a\nb")).hasMessageContaining("a line break");
    }
}
