package org.postbox.mailstore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportedMessage;

/** The checks both backends make of a message to import, before any of it is stored. */
class ImportChecksTest {

    @TempDir
    Path dir;

    @Test
    void aUidlGivenTwiceInABatchIsRefusedAndOneTheMailboxAnswersIsSkipped() {
        Set<String> ofBatch = new HashSet<>();

        assertThat(ImportChecks.skipped(message(dir, "a", 1), ofBatch, "b"::equals)).isEmpty();
        assertThat(ImportChecks.skipped(message(dir, "b", 1), ofBatch, "b"::equals))
                .hasValue(new ImportOutcome.AlreadyPresent("b"));
        assertThat(ImportChecks.skipped(message(dir, "a", 1), ofBatch, "b"::equals)).hasValueSatisfying(outcome ->
                assertThat(((ImportOutcome.Refused) outcome).problem()).isEqualTo(ImportOutcome.Problem.DUPLICATE_UIDL));
        assertThat(ofBatch).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aSourceMustBeAReadableRegularFileOfTheExpectedSize() throws IOException {
        Path file = Files.writeString(dir.resolve("1.M1P1.old,S=3"), "abc");

        assertThat(ImportChecks.sourceRefusal(message(file, "a", 3))).isEmpty();
        assertThat(ImportChecks.sourceRefusal(message(file, "a", 4))).hasValueSatisfying(refused ->
                assertThat(refused.problem()).isEqualTo(ImportOutcome.Problem.SIZE_MISMATCH));
        assertThat(ImportChecks.sourceRefusal(message(dir, "a", 3))).hasValueSatisfying(refused ->
                assertThat(refused.problem()).isEqualTo(ImportOutcome.Problem.UNREADABLE_SOURCE));
        assertThat(ImportChecks.sourceRefusal(message(dir.resolve("gone"), "a", 3))).hasValueSatisfying(refused ->
                assertThat(refused.problem()).isEqualTo(ImportOutcome.Problem.UNREADABLE_SOURCE));
        assertThat(ImportChecks.changedWhileRead(message(file, "a", 3), 5).problem())
                .isEqualTo(ImportOutcome.Problem.SIZE_MISMATCH);
    }

    private static ImportedMessage message(Path source, String uidl, long size) {
        return new ImportedMessage(source, uidl, size, Instant.EPOCH, ImportedMessage.Transfer.COPY);
    }
}
