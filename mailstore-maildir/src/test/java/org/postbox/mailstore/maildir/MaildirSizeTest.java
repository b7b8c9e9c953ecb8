package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.QuotaUsage;

/** The Maildir++ {@code maildirsize} format, read and judged as Dovecot does. */
class MaildirSizeTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void theUsageIsTheSumOfTheLinesAfterTheLimits() {
        assertThat(parse("1048576S,100C\n5000 3\n1200 1\n-1200 -1\n"))
                .contains(new MaildirSize(1048576, 100, new QuotaUsage(5000, 3), 3));
        assertThat(parse("0S\n")).contains(new MaildirSize(0, 0, QuotaUsage.NONE, 0));
        assertThat(parse("100C\n  10   2 \n")).contains(new MaildirSize(0, 100, new QuotaUsage(10, 2), 1));
    }

    @Test
    void limitsAreWrittenAsDovecotWritesThem() {
        assertThat(MaildirSize.header(0, 0)).isEqualTo("0S");
        assertThat(MaildirSize.header(1024, 0)).isEqualTo("1024S");
        assertThat(MaildirSize.header(0, 50)).isEqualTo("50C");
        assertThat(MaildirSize.header(1024, 50)).isEqualTo("1024S,50C");
        assertThat(MaildirSize.render(1024, 50, new QuotaUsage(700, 3))).isEqualTo("1024S,50C\n700 3\n");
        assertThat(MaildirSize.change(new QuotaUsage(-700, -3))).isEqualTo("-700 -3\n");
    }

    @Test
    void aLineStillBeingAppendedDoesNotCountYet() {
        assertThat(parse("0S\n100 1\n20")).map(MaildirSize::usage).contains(new QuotaUsage(100, 1));
        assertThat(parse("0S")).isEmpty();
    }

    @Test
    void brokenFilesAreNotBelieved() {
        assertThat(parse("")).isEmpty();
        assertThat(parse("0S\nnot numbers\n")).isEmpty();
        assertThat(parse("0S\n10\n")).isEmpty();
        assertThat(parse("0S\n10 1\n-20 -1\n")).isEmpty();
        assertThat(parse("0S\n10\u0000 1\n")).isEmpty();
        assertThat(parse("0S\n" + "1 1\n".repeat(MaildirSize.MAX_OCTETS / 4))).isEmpty();
    }

    @Test
    void anOverQuotaReadingIsOnlyBelievedFreshAndSummarised() {
        MaildirSize summarised = parse("100S\n150 1\n").orElseThrow();
        MaildirSize appended = parse("100S\n50 1\n100 1\n").orElseThrow();
        MaildirSize within = parse("100S\n50 1\n40 1\n").orElseThrow();

        assertThat(summarised.trustworthy(100, 0, NOW.minus(Duration.ofMinutes(14)), NOW)).isTrue();
        assertThat(summarised.trustworthy(100, 0, NOW.minus(Duration.ofMinutes(16)), NOW)).isFalse();
        assertThat(appended.trustworthy(100, 0, NOW, NOW)).isFalse();
        assertThat(within.trustworthy(100, 0, NOW.minus(Duration.ofDays(30)), NOW)).isTrue();
    }

    @Test
    void aFileForOtherLimitsIsRebuilt() {
        MaildirSize size = parse("100S,5C\n50 1\n").orElseThrow();

        assertThat(size.trustworthy(100, 5, NOW, NOW)).isTrue();
        assertThat(size.trustworthy(200, 5, NOW, NOW)).isFalse();
        assertThat(size.trustworthy(100, 0, NOW, NOW)).isFalse();
    }

    private static Optional<MaildirSize> parse(String content) {
        return MaildirSize.parse(content.getBytes(StandardCharsets.US_ASCII));
    }
}
