package org.postbox.mailstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The values of an import: what a message to import may be, and what a report counts. */
class ImportValuesTest {

    private static final Path SOURCE = Path.of("cur/1600000001.M1P1.old:2,S");

    @Test
    void aUidlIsOneToSeventyPrintableAsciiCharacters() {
        assertThat(ImportedMessage.isValidUidl("!")).isTrue();
        assertThat(ImportedMessage.isValidUidl("~".repeat(70))).isTrue();
        assertThat(ImportedMessage.isValidUidl("00000001.4d8f2c31")).isTrue();
        for (String invalid : new String[] {null, "", "~".repeat(71), "a b", "a\u007f", "\u00e9t\u00e9", "x\n"}) {
            assertThat(ImportedMessage.isValidUidl(invalid)).as("%s", invalid).isFalse();
        }
    }

    @Test
    void aMessageToImportNeedsAValidUidlAndASizeThatCanBe() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> new ImportedMessage(SOURCE, "a b", 1, now, ImportedMessage.Transfer.COPY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a b");
        assertThatThrownBy(() -> new ImportedMessage(SOURCE, "ok", -1, now, ImportedMessage.Transfer.COPY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImportedMessage(SOURCE, "ok", 1, null, ImportedMessage.Transfer.COPY))
                .isInstanceOf(NullPointerException.class);
        assertThat(new ImportedMessage(SOURCE, "ok", 0, now, ImportedMessage.Transfer.MOVE).expectedSize()).isZero();
    }

    @Test
    void aReportCountsItsOutcomesAndCannotBeChanged() {
        List<ImportOutcome> outcomes = new ArrayList<>(List.of(new ImportOutcome.Imported("a", 100),
                new ImportOutcome.AlreadyPresent("b"), new ImportOutcome.Imported("c", 20),
                new ImportOutcome.Refused("d", ImportOutcome.Problem.SIZE_MISMATCH, "3 octets, expected 4")));

        ImportReport report = new ImportReport(outcomes);
        outcomes.clear();

        assertThat(report.outcomes()).hasSize(4);
        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.alreadyPresent()).isEqualTo(1);
        assertThat(report.storedOctets()).isEqualTo(120);
        assertThat(report.refused()).extracting(ImportOutcome.Refused::uidl).containsExactly("d");
        assertThatThrownBy(() -> report.outcomes().add(new ImportOutcome.AlreadyPresent("e")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
