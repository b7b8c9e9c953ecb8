package org.postbox.migration;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A text file read one line at a time, however large the file: lines end with LF, a CR before it
 * is dropped (as Dovecot and Courier read their files), and a last line without a line end still
 * counts. Each line is decoded as UTF-8 on its own, so one line of bad bytes is one
 * {@link Line.Unreadable} line, not the end of the file; so is a line longer than the limit,
 * whose rest is skipped without being held in memory.
 */
public final class TextLines implements Closeable {

    /** Longer lines than this are reported rather than read: no line of these formats is nearly as long. */
    public static final int DEFAULT_MAX_LINE_OCTETS = 64 * 1024;

    /** One line of the file, numbered from 1. */
    public sealed interface Line {
        long number();

        /** A line as text, without its line end. */
        record Text(long number, String text) implements Line {
        }

        /** A line that is not UTF-8 or is too long; {@code reason} says which. */
        record Unreadable(long number, String reason) implements Line {
        }
    }

    private final Path file;
    private final InputStream in;
    private final int maxLineOctets;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int position;
    private int limit;
    private long number;
    private boolean ended;

    private TextLines(Path file, InputStream in, int maxLineOctets) {
        this.file = file;
        this.in = in;
        this.maxLineOctets = maxLineOctets;
    }

    public static TextLines open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_LINE_OCTETS);
    }

    public static TextLines open(Path file, int maxLineOctets) throws IOException {
        return new TextLines(file, Files.newInputStream(file), maxLineOctets);
    }

    public Path file() {
        return file;
    }

    /** The next line, or empty at the end of the file. */
    public Optional<Line> next() throws IOException {
        if (ended) {
            return Optional.empty();
        }
        line.reset();
        boolean tooLong = false;
        boolean lineEnd = false;
        while (!lineEnd) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    ended = true;
                    break;
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (position < limit) {
                position++; // the LF
                lineEnd = true;
            }
            int room = maxLineOctets - line.size();
            if (length > room) {
                tooLong = true;
                length = Math.max(room, 0);
            }
            line.write(buffer, start, length);
        }
        if (ended && line.size() == 0 && !tooLong) {
            return Optional.empty();
        }
        number++;
        if (tooLong) {
            return Optional.of(new Line.Unreadable(number, "line longer than " + maxLineOctets + " octets"));
        }
        byte[] octets = line.toByteArray();
        int length = octets.length;
        if (length > 0 && octets[length - 1] == '\r') {
            length--;
        }
        try {
            return Optional.of(new Line.Text(number, utf8.decode(ByteBuffer.wrap(octets, 0, length)).toString()));
        } catch (CharacterCodingException e) {
            return Optional.of(new Line.Unreadable(number, "line is not UTF-8 text"));
        }
    }

    /**
     * The next line that is text, or empty at the end of the file. Each {@link Line.Unreadable}
     * line before it is added to {@code problems} and skipped, as the readers treat a bad line:
     * a problem of its own, never the end of the file.
     */
    public Optional<Line.Text> nextText(List<SourceProblem> problems) throws IOException {
        Optional<Line> next;
        while ((next = next()).isPresent()) {
            if (next.get() instanceof Line.Text text) {
                return Optional.of(text);
            }
            Line.Unreadable unreadable = (Line.Unreadable) next.get();
            problems.add(new SourceProblem(file, unreadable.number(), unreadable.reason()));
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
