package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;

class VerifiedCredentialsTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");

    private final AtomicLong clock = new AtomicLong();

    @Test
    void keysDependOnAddressAndPasswordAndHideBoth() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(1), 10, clock::get);

        String key = cache.keyOf(ALICE, "secret");

        assertThat(key).isEqualTo(cache.keyOf(ALICE, "secret"))
                .isNotEqualTo(cache.keyOf(BOB, "secret"))
                .isNotEqualTo(cache.keyOf(ALICE, "Secret"))
                .doesNotContain("secret").doesNotContain("alice");
    }

    @Test
    void keysDifferBetweenProcesses() {
        // A fresh random HMAC key per instance: a key leaked from one run says nothing about another.
        assertThat(new VerifiedCredentials(Duration.ofMinutes(1), 10, clock::get).keyOf(ALICE, "secret"))
                .isNotEqualTo(new VerifiedCredentials(Duration.ofMinutes(1), 10, clock::get).keyOf(ALICE, "secret"));
    }

    @Test
    void matchesOnlyTheHashItVerifiedAgainst() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(1), 10, clock::get);
        String key = cache.keyOf(ALICE, "secret");
        cache.remember(key, "{PLAIN}secret");

        assertThat(cache.matches(key, "{PLAIN}secret")).isTrue();
        assertThat(cache.matches(key, "{PLAIN}other")).isFalse();
        // A superseded entry is dropped, not kept for when the old hash comes back.
        assertThat(cache.matches(key, "{PLAIN}secret")).isFalse();
    }

    @Test
    void evictsTheOldestWhenFull() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(1), 2, clock::get);
        cache.remember("a", "h");
        clock.addAndGet(1);
        cache.remember("b", "h");
        clock.addAndGet(1);
        cache.remember("a", "h"); // refreshed: now the youngest
        cache.remember("c", "h");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.matches("b", "h")).isFalse();
        assertThat(cache.matches("a", "h")).isTrue();
        assertThat(cache.matches("c", "h")).isTrue();
    }

    @Test
    void dropsExpiredEntries() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofSeconds(10), 100, clock::get);
        cache.remember("old", "h");
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        cache.remember("new", "h");

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.matches("old", "h")).isFalse();
        assertThat(cache.matches("new", "h")).isTrue();
    }

    @Test
    void disabledCacheRemembersNothing() {
        VerifiedCredentials noTtl = new VerifiedCredentials(Duration.ZERO, 100, clock::get);
        VerifiedCredentials noRoom = new VerifiedCredentials(Duration.ofMinutes(1), 0, clock::get);
        noTtl.remember("k", "h");
        noRoom.remember("k", "h");

        assertThat(noTtl.enabled()).isFalse();
        assertThat(noRoom.enabled()).isFalse();
        assertThat(noTtl.matches("k", "h")).isFalse();
        assertThat(noRoom.matches("k", "h")).isFalse();
    }
}
