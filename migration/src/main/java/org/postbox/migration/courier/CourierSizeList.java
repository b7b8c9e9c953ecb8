package org.postbox.migration.courier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.postbox.migration.SourceFormatException;
import org.postbox.migration.SourceProblem;
import org.postbox.migration.TextLines;

/**
 * A Maildir's {@code courierpop3dsizelist}, where Courier's POP3 server keeps the number and size
 * of every message it has listed (pop3dserver.c): a header {@code /<version> <next uid> <uidv>},
 * then one {@link SizeListEntry} per message in Courier's POP3 order. Courier 1.0 writes version
 * 3 and reads 2 and 3; versions 1 and 0 (no header; UIDLs were file names) are read as the oldest
 * Courier versions wrote them. A bad line is a problem of its own and is left out.
 *
 * @param file        the file read
 * @param version     0 to 3
 * @param nextUid     the number the next new message gets (1 for version 0)
 * @param uidValidity the validity new numbers are given under, 0 when the header has none
 * @param entries     the message lines by base file name, in file order
 * @param problems    lines left out
 */
public record CourierSizeList(Path file, int version, long nextUid, long uidValidity,
                              Map<String, SizeListEntry> entries, List<SourceProblem> problems) {

    public static final String FILE_NAME = "courierpop3dsizelist";

    public CourierSizeList {
        Objects.requireNonNull(file, "file");
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        problems = List.copyOf(problems);
    }

    /** The line of the message file with this base name. */
    public Optional<SizeListEntry> entry(String baseName) {
        return Optional.ofNullable(entries.get(baseName));
    }

    /**
     * Reads {@code file}.
     *
     * @throws SourceFormatException when it starts with a {@code /} header that is not
     *                               {@code /<version 1..3> <next uid> [<uidv>]}
     */
    public static CourierSizeList read(Path file) throws IOException {
        Map<String, SizeListEntry> entries = new LinkedHashMap<>();
        List<SourceProblem> problems = new ArrayList<>();
        int version = 0;
        long nextUid = 1;
        long uidValidity = 0;
        try (TextLines lines = TextLines.open(file)) {
            Optional<TextLines.Line> next;
            while ((next = lines.next()).isPresent()) {
                TextLines.Line line = next.get();
                if (line instanceof TextLines.Line.Unreadable unreadable) {
                    if (line.number() == 1) {
                        throw new SourceFormatException(new SourceProblem(file, 1, unreadable.reason()));
                    }
                    problems.add(new SourceProblem(file, line.number(), unreadable.reason()));
                    continue;
                }
                String text = ((TextLines.Line.Text) line).text();
                if (line.number() == 1 && text.startsWith("/")) {
                    String[] fields = text.substring(1).strip().split(" +");
                    try {
                        version = (int) number(fields[0], "version");
                        if (version < 1 || version > 3 || fields.length < 2) {
                            throw new IllegalArgumentException("expected /<version 1 to 3> <next uid> [<uidv>]");
                        }
                        nextUid = number(fields[1], "next uid");
                        uidValidity = fields.length > 2 ? number(fields[2], "uidv") : 0;
                    } catch (IllegalArgumentException e) {
                        throw new SourceFormatException(new SourceProblem(file, 1, "header '" + text + "': " + e.getMessage()));
                    }
                    continue;
                }
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    SizeListEntry entry = entry(line.number(), text, version);
                    SizeListEntry earlier = entries.putIfAbsent(entry.baseName(), entry);
                    if (earlier != null) {
                        problems.add(new SourceProblem(file, line.number(), "the file " + entry.baseName()
                                + " is on line " + earlier.line() + " already; this line is left out"));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new SourceProblem(file, line.number(), e.getMessage() + "; the line is left out"));
                }
            }
        }
        return new CourierSizeList(file, version, nextUid, uidValidity, entries, problems);
    }

    private static SizeListEntry entry(long line, String text, int version) {
        // Courier splits at the last spaces: a file name could contain one.
        if (version == 0) {
            int space = text.lastIndexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("expected '<file name> <size>'");
            }
            return new SizeListEntry(line, text.substring(0, space), number(text.substring(space + 1), "size"), 0, 0, false);
        }
        int last = text.lastIndexOf(' ');
        int before = last <= 0 ? -1 : text.lastIndexOf(' ', last - 1);
        if (before <= 0) {
            throw new IllegalArgumentException("expected '<file name> <size> <uid>:<uidv>[:<utf8>]'");
        }
        String[] uid = text.substring(last + 1).split(":", -1);
        if (uid.length > 3) {
            throw new IllegalArgumentException("'" + text.substring(last + 1) + "' is not <uid>:<uidv>[:<utf8>]");
        }
        return new SizeListEntry(line, text.substring(0, before), number(text.substring(before + 1, last), "size"),
                number(uid[0], "uid"), uid.length > 1 ? number(uid[1], "uidv") : 0,
                uid.length > 2 && number(uid[2], "utf8 flag") != 0);
    }

    private static long number(String text, String what) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
        return Long.parseLong(text);
    }
}
