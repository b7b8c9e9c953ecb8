package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLinesTest {

    @TempDir
    Path dir;

    @Test
    void linesEndWithLfOrCrLfAndTheLastNeedsNone() throws IOException {
        assertThat(read("a\r\nb\n\nc".getBytes(), 100)).containsExactly(
                new TextLines.Line.Text(1, "a"), new TextLines.Line.Text(2, "b"), new TextLines.Line.Text(3, ""),
                new TextLines.Line.Text(4, "c"));
        assertThat(read("a\n".getBytes(), 100)).containsExactly(new TextLines.Line.Text(1, "a"));
        assertThat(read(new byte[0], 100)).isEmpty();
    }

    @Test
    void aBadLineIsReportedAndTheNextOneIsRead() throws IOException {
        byte[] content = {'o', 'k', '\n', 'b', (byte) 0xc3, '\n', 'l', 'o', 'n', 'g', 'e', 'r', '\n', (byte) 0xc3, (byte) 0xa9, '\n'};

        assertThat(read(content, 5)).containsExactly(
                new TextLines.Line.Text(1, "ok"),
                new TextLines.Line.Unreadable(2, "line is not UTF-8 text"),
                new TextLines.Line.Unreadable(3, "line longer than 5 octets"),
                new TextLines.Line.Text(4, "é"));
    }

    @Test
    void linesLongerThanTheReadBufferAreWhole() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(read((longLine + "\ny").getBytes(), 1_000_000)).containsExactly(
                new TextLines.Line.Text(1, longLine), new TextLines.Line.Text(2, "y"));
    }

    private List<TextLines.Line> read(byte[] content, int maxLineOctets) throws IOException {
        Path file = Files.createTempFile(dir, "lines", "");
        Files.write(file, content);
        List<TextLines.Line> lines = new ArrayList<>();
        try (TextLines text = TextLines.open(file, maxLineOctets)) {
            Optional<TextLines.Line> line;
            while ((line = text.next()).isPresent()) {
                lines.add(line.get());
            }
        }
        return lines;
    }
}
