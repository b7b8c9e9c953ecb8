package org.postbox.migration.dovecot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.postbox.migration.SourceFormatException;
import org.postbox.migration.SourceProblem;
import org.postbox.migration.TextLines;

/**
 * A Maildir's {@code dovecot-uidlist} (Dovecot's MailboxFormat/Maildir documentation and
 * maildir-uidlist.c): which UID, and so which POP3 UIDL, each message file had. Versions 1 and 3
 * are read; a header that is neither makes the whole file unreadable ({@link SourceFormatException}),
 * a bad message line is a problem of its own and is left out. Lines are read one at a time, so
 * {@link #stream} holds one record at a time whatever the file's size; {@link #read} keeps every
 * record (a few hundred octets each), keyed by base file name, and no message is ever read.
 *
 * @param file     the file read
 * @param header   its first line
 * @param records  its message lines by base file name, in file (UID) order
 * @param problems lines left out
 */
public record DovecotUidlist(Path file, UidlistHeader header, Map<String, UidlistRecord> records,
                             List<SourceProblem> problems) {

    public static final String FILE_NAME = "dovecot-uidlist";

    public DovecotUidlist {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
        records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
        problems = List.copyOf(problems);
    }

    /** The record of the message file with this base name (see {@link UidlistRecord#baseName()}). */
    public Optional<UidlistRecord> record(String baseName) {
        return Optional.ofNullable(records.get(baseName));
    }

    /** The records, in UID order. */
    public Collection<UidlistRecord> all() {
        return records.values();
    }

    /**
     * Reads the whole file.
     *
     * @throws SourceFormatException when its header is not that of version 1 or 3
     */
    public static DovecotUidlist read(Path file) throws IOException {
        Map<String, UidlistRecord> records = new LinkedHashMap<>();
        List<SourceProblem> problems = new ArrayList<>();
        UidlistHeader header = stream(file, record -> {
            UidlistRecord earlier = records.putIfAbsent(record.baseName(), record);
            if (earlier != null) {
                problems.add(new SourceProblem(file, record.line(), "the file " + record.baseName()
                        + " has UID " + earlier.uid() + " on line " + earlier.line() + " already; this line is left out"));
            }
        }, problems);
        return new DovecotUidlist(file, header, records, problems);
    }

    /**
     * Reads the file one line at a time, handing each good message line to {@code records} and
     * adding a problem for each bad one.
     *
     * @return the header
     * @throws SourceFormatException when the header is not that of version 1 or 3
     */
    public static UidlistHeader stream(Path file, Consumer<UidlistRecord> records, List<SourceProblem> problems)
            throws IOException {
        try (TextLines lines = TextLines.open(file)) {
            Optional<TextLines.Line> first = lines.next();
            if (first.isEmpty()) {
                throw new SourceFormatException(new SourceProblem(file, 0, "the file is empty"));
            }
            if (first.get() instanceof TextLines.Line.Unreadable unreadable) {
                throw new SourceFormatException(new SourceProblem(file, 1, unreadable.reason()));
            }
            UidlistHeader header = header(file, ((TextLines.Line.Text) first.get()).text());
            long previousUid = 0;
            Optional<TextLines.Line.Text> next;
            while ((next = lines.nextText(problems)).isPresent()) {
                TextLines.Line.Text line = next.get();
                String text = line.text();
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    UidlistRecord record = header.version() == 1 ? version1(line.number(), text) : version3(line.number(), text);
                    if (record.uid() <= previousUid) {
                        throw new IllegalArgumentException("UID " + record.uid() + " does not follow UID " + previousUid
                                + "; UIDs must grow from line to line");
                    }
                    previousUid = record.uid();
                    records.accept(record);
                } catch (IllegalArgumentException e) {
                    problems.add(new SourceProblem(file, line.number(), e.getMessage() + "; the line is left out"));
                }
            }
            return header;
        }
    }

    private static UidlistHeader header(Path file, String text) throws SourceFormatException {
        String[] fields = text.strip().split(" +");
        try {
            switch (fields[0]) {
                case "1" -> {
                    if (fields.length < 3) {
                        throw new IllegalArgumentException("expected '1 <uidvalidity> <nextuid>'");
                    }
                    return new UidlistHeader(1, number(fields[1], "UIDVALIDITY"), number(fields[2], "next UID"),
                            Optional.empty(), List.of());
                }
                case "3" -> {
                    Long validity = null;
                    Long nextUid = null;
                    String guid = null;
                    List<String> others = new ArrayList<>();
                    for (int i = 1; i < fields.length; i++) {
                        String field = fields[i];
                        switch (field.charAt(0)) {
                            case 'V' -> validity = number(field.substring(1), "UIDVALIDITY (V)");
                            case 'N' -> nextUid = number(field.substring(1), "next UID (N)");
                            case 'G' -> guid = field.substring(1);
                            default -> others.add(field);
                        }
                    }
                    if (validity == null || nextUid == null) {
                        throw new IllegalArgumentException("the version 3 header lacks " + (validity == null ? "V<uidvalidity>" : "N<nextuid>"));
                    }
                    return new UidlistHeader(3, validity, nextUid, Optional.ofNullable(guid), others);
                }
                default -> throw new IllegalArgumentException("version " + fields[0]
                        + " is not one Dovecot writes (1 or 3); the file cannot be read");
            }
        } catch (IllegalArgumentException e) {
            throw new SourceFormatException(new SourceProblem(file, 1, "header '" + text + "': " + e.getMessage()));
        }
    }

    /** {@code <uid> <file name>}. */
    private static UidlistRecord version1(long line, String text) {
        int space = text.indexOf(' ');
        if (space < 0 || space == text.length() - 1) {
            throw new IllegalArgumentException("expected '<uid> <file name>'");
        }
        return new UidlistRecord(line, number(text.substring(0, space), "UID"), text.substring(space + 1),
                Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), List.of());
    }

    /** {@code <uid> [<letter><value>...] :<file name>}. */
    private static UidlistRecord version3(long line, String text) {
        int space = text.indexOf(' ');
        int colon = text.indexOf(" :");
        if (space < 0 || colon < 0) {
            throw new IllegalArgumentException("expected '<uid> [<extensions>] :<file name>'");
        }
        long uid = number(text.substring(0, space), "UID");
        String fileName = text.substring(colon + 2);
        if (fileName.isEmpty()) {
            throw new IllegalArgumentException("the file name after ':' is empty");
        }
        Optional<String> pop3Uidl = Optional.empty();
        OptionalLong order = OptionalLong.empty();
        Optional<String> guid = Optional.empty();
        OptionalLong virtualSize = OptionalLong.empty();
        OptionalLong physicalSize = OptionalLong.empty();
        List<String> others = new ArrayList<>();
        String extensions = colon > space ? text.substring(space + 1, colon) : "";
        for (String extension : extensions.split(" ")) {
            if (extension.isEmpty()) {
                continue;
            }
            char key = extension.charAt(0);
            String value = extension.substring(1);
            switch (key) {
                case 'P' -> pop3Uidl = Optional.of(value);
                case 'O' -> order = OptionalLong.of(number(value, "POP3 order (O)"));
                case 'G' -> guid = Optional.of(value);
                case 'W' -> virtualSize = OptionalLong.of(number(value, "virtual size (W)"));
                case 'S' -> physicalSize = OptionalLong.of(number(value, "file size (S)"));
                default -> {
                    if (key < 'A' || key > 'Z') {
                        throw new IllegalArgumentException("extension '" + extension + "' does not start with a capital letter");
                    }
                    others.add(extension);
                }
            }
        }
        return new UidlistRecord(line, uid, fileName, pop3Uidl, order, guid, virtualSize, physicalSize,
                others.isEmpty() ? List.of() : others);
    }

    private static long number(String text, String what) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
        return Long.parseLong(text);
    }
}
