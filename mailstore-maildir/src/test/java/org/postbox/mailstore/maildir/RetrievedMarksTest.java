package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievedMarksTest {

    @TempDir
    Path dir;

    @Test
    void marksOfAnyBaseNameSurviveAndDamagedLinesCountAsNotRetrieved() throws Exception {
        Maildir maildir = new Maildir(Files.createDirectories(dir.resolve("Maildir")));
        RetrievedMarks marks = new RetrievedMarks(maildir, new Durability(false));
        assertThat(marks.read()).isEmpty();
        Instant first = Instant.ofEpochSecond(1_700_000_000L);
        Map<String, Instant> written = Map.of("1700000000.M1P2.host", first,
                "odd name%with ü", first.plusSeconds(60));

        marks.write(written);
        assertThat(marks.read()).isEqualTo(written);

        Path file = dir.resolve("Maildir").resolve(RetrievedMarks.FILE_NAME);
        Files.writeString(file, Files.readString(file, StandardCharsets.US_ASCII) + "broken-line\nx notanumber\n%G 5\n",
                StandardCharsets.US_ASCII);
        assertThat(marks.read()).isEqualTo(written);

        marks.write(Map.of());
        assertThat(file).doesNotExist();
    }

    @Test
    void anAppendAddsMarksAndAMessageMarkedTwiceKeepsItsFirstRetrieval() throws Exception {
        Maildir maildir = new Maildir(Files.createDirectories(dir.resolve("Maildir")));
        RetrievedMarks marks = new RetrievedMarks(maildir, new Durability(false));
        Instant first = Instant.ofEpochSecond(1_700_000_000L);

        marks.append(Map.of("a", first));
        marks.append(Map.of("b", first.plusSeconds(5), "a", first.plusSeconds(3600)));

        assertThat(marks.read()).isEqualTo(Map.of("a", first, "b", first.plusSeconds(5)));
        assertThat(marks.size()).isPositive().isLessThan(RetrievedMarks.compactionSize(2));
        assertThat(RetrievedMarks.compactionSize(1_000_000)).as("room for a mark of each message, and as many more")
                .isGreaterThan(2L * 1_000_000 * 50);
    }
}
