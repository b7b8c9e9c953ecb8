package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MessageFileNameTest {

    @Test
    void ourOwnNameYieldsItsUniquePartAsIdAndItsSizes() {
        MessageFileName name = MessageFileName.parse("1700000000.M123456P4242Q7.mx1.example.org,S=1000,W=1032");

        assertThat(name.baseName()).isEqualTo(name.name());
        assertThat(name.uniqueId()).isEqualTo("1700000000.M123456P4242Q7.mx1.example.org");
        assertThat(name.storedSize()).isEqualTo(OptionalLong.of(1000));
        assertThat(name.crlfSize()).isEqualTo(OptionalLong.of(1032));
        assertThat(name.seconds()).isEqualTo(1_700_000_000L);
        assertThat(name.micros()).isEqualTo(123_456L);
    }

    @Test
    void flagsAfterTheColonDoNotChangeTheId() {
        MessageFileName fresh = MessageFileName.parse("1700000000.M5P6.host,S=10,W=12");
        MessageFileName seen = MessageFileName.parse("1700000000.M5P6.host,S=10,W=12:2,RS");

        assertThat(seen.baseName()).isEqualTo(fresh.name());
        assertThat(seen.uniqueId()).isEqualTo(fresh.uniqueId());
    }

    @Test
    void unknownCommaFieldsStayPartOfTheId() {
        MessageFileName name = MessageFileName.parse("1700000000.P6.host,X=abc,S=10:2,");

        assertThat(name.uniqueId()).isEqualTo("1700000000.P6.host,X=abc");
        assertThat(name.storedSize()).isEqualTo(OptionalLong.of(10));
        assertThat(name.crlfSize()).isEmpty();
        assertThat(name.micros()).isZero();
    }

    @Test
    void malformedSizeFieldsAreNotSizes() {
        MessageFileName name = MessageFileName.parse("1.host,S=12a,W=,S=99999999999999999999");

        assertThat(name.storedSize()).isEmpty();
        assertThat(name.crlfSize()).isEmpty();
        assertThat(name.uniqueId()).isEqualTo("1.host,S=12a,W=,S=99999999999999999999");
    }

    @Test
    void aNameWithoutLeadingDigitsHasNoDeliveryTime() {
        assertThat(MessageFileName.parse("courier.msg.1").seconds()).isEqualTo(-1);
    }

    @Test
    void anIdTooLongOrNotPrintableAsciiIsAHashOfTheBaseName() {
        String longName = "1700000000.M1P2." + "h".repeat(80);
        MessageFileName tooLong = MessageFileName.parse(longName + ":2,S");
        MessageFileName accented = MessageFileName.parse("1700000000.caf\u00e9.host");
        MessageFileName spaced = MessageFileName.parse("1700000000 with space");

        assertThat(tooLong.uniqueId()).isEqualTo(MessageFileName.hashedId(longName))
                .startsWith("H:").hasSize(66).matches("H:[0-9a-f]{64}");
        assertThat(accented.uniqueId()).startsWith("H:").isNotEqualTo(tooLong.uniqueId());
        assertThat(spaced.uniqueId()).startsWith("H:");
        assertThat(MessageFileName.parse(longName).uniqueId()).as("stable").isEqualTo(tooLong.uniqueId());
    }

    @Test
    void validIdsAreOneToSeventyPrintableAsciiCharacters() {
        assertThat(MessageFileName.isValidUniqueId("x")).isTrue();
        assertThat(MessageFileName.isValidUniqueId("~".repeat(70))).isTrue();
        assertThat(MessageFileName.isValidUniqueId("")).isFalse();
        assertThat(MessageFileName.isValidUniqueId("x".repeat(71))).isFalse();
        assertThat(MessageFileName.isValidUniqueId("a b")).isFalse();
        assertThat(MessageFileName.isValidUniqueId("a\u007f")).isFalse();
    }

    @Test
    void generatedNamesAreValidUniqueIdsEvenWithALongHostName() {
        DeliveryNames names = new DeliveryNames("mail-relay-" + "x".repeat(120) + ".hosting.example.com");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String unique = names.next();
            String file = DeliveryNames.withSizes(unique, 123_456_789L, 124_000_000L);
            MessageFileName parsed = MessageFileName.parse(file);
            assertThat(parsed.uniqueId()).isEqualTo(unique);
            assertThat(MessageFileName.isValidUniqueId(unique)).as(unique).isTrue();
            assertThat(seen.add(unique)).as("unique %s", unique).isTrue();
        }
    }

    @Test
    void hostNamesAreEscapedAsTheMaildirSpecificationAsks() {
        assertThat(DeliveryNames.sanitise("a/b:c,d e\u00e9")).isEqualTo("a\\057b\\072c\\054d_e_");
        assertThat(DeliveryNames.sanitise("")).isEqualTo("localhost");
        assertThat(new DeliveryNames("mx.example").next()).matches("\\d+\\.M\\d+P\\d+Q\\d+\\.mx\\.example");
    }
}
