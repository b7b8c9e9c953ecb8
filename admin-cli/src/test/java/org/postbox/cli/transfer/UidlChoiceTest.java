package org.postbox.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postbox.migration.UidlOutcome;

class UidlChoiceTest {

    private static SourceMessage message(String name, UidlOutcome uidl, boolean listed) {
        return new SourceMessage(Path.of("/mail/cur").resolve(name), 10, uidl, listed, Instant.EPOCH);
    }

    @Test
    void aValidUidlIsKept() {
        Set<String> taken = new HashSet<>();

        UidlChoice choice = UidlChoice.of(message("1.a:2,S", new UidlOutcome.Valid("000000016b14cf21"), true), taken);

        assertThat(choice).isEqualTo(new UidlChoice.Kept("000000016b14cf21"));
        assertThat(taken).containsExactly("000000016b14cf21");
    }

    @Test
    void aUidlPostboxCannotSendIsReplacedAndTheMessageWillBeFetchedAgain() {
        UidlChoice choice = UidlChoice.of(message("1.a:2,", UidlOutcome.of("x".repeat(71)), true), new HashSet<>());

        assertThat(choice).isInstanceOfSatisfying(UidlChoice.Replaced.class, replaced -> {
            assertThat(replaced.refetched()).isTrue();
            assertThat(replaced.reason()).contains("71 characters");
            assertThat(replaced.uidl()).matches("pbx[0-9a-f]{32}");
        });
    }

    @Test
    void aMessageNoClientSawGetsANewUidlWithoutARefetch() {
        UidlChoice choice = UidlChoice.of(message("1.a", new UidlOutcome.Unavailable("not numbered yet"), false),
                new HashSet<>());

        assertThat(choice).isInstanceOfSatisfying(UidlChoice.Replaced.class,
                replaced -> assertThat(replaced.refetched()).isFalse());
    }

    @Test
    void theNewUidlDependsOnTheBaseNameOnlySoThatARunAgainFindsIt() {
        UidlChoice first = UidlChoice.of(message("1.a,S=5:2,", UidlOutcome.of("bad uidl"), true), new HashSet<>());
        UidlChoice flagsChanged = UidlChoice.of(message("1.a,S=5:2,RS", UidlOutcome.of("bad uidl"), true), new HashSet<>());

        assertThat(flagsChanged.uidl()).isEqualTo(first.uidl());
    }

    @Test
    void aUidlAnEarlierMessageHasIsReplaced() {
        Set<String> taken = new HashSet<>();
        UidlChoice.of(message("1.a", new UidlOutcome.Valid("same"), true), taken);

        UidlChoice second = UidlChoice.of(message("2.b", new UidlOutcome.Valid("same"), true), taken);

        assertThat(second).isInstanceOf(UidlChoice.Replaced.class);
        assertThat(taken).hasSize(2);
    }
}
