package org.postbox.mailstore.warnings;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text of a quota warning: a subject and a body with placeholders such as {@code {percent}}.
 * A template file is UTF-8; it may begin with a {@code Subject:} line and an empty line, and the
 * rest is the body. {@code {{} stands for a literal brace. Every problem is found when the file
 * is parsed, so that rendering cannot fail.
 *
 * <pre>
 * Subject: Your mailbox {address} is {percent}% full
 *
 * Your mailbox holds {used} of its {limit}. ...
 * </pre>
 */
public final class WarningTemplate {

    /** The placeholders, documented in docs/quota-warnings.md. */
    public static final Set<String> PLACEHOLDERS = Set.of("address", "domain", "percent", "threshold", "used", "limit",
            "used-octets", "limit-octets", "messages", "message-limit");

    /** Longest template line, in octets: a rendered line stays within RFC 5322's 998. */
    static final int MAX_LINE_OCTETS = 900;

    private static final String DEFAULT_SUBJECT = "Your mailbox {address} is {percent}% full";

    /** Used when no template file applies, or the one that applies is broken. */
    public static final WarningTemplate BUILT_IN = parse("""
            Subject: %s

            Your mailbox {address} has reached {percent}%% of its quota
            (it crossed the {threshold}%% warning level).

            Storage used: {used} of {limit}
            Messages:     {messages} of {message-limit}

            When it is full, new mail to it is refused and returned to its senders.
            Please delete messages you no longer need, or ask your provider for more room.

            This message was written by the mail system; replies to it are not read.
            """.formatted(DEFAULT_SUBJECT));

    /** Literal text, or a placeholder's name. */
    private record Part(String text, boolean placeholder) {
    }

    private final List<Part> subject;
    private final List<Part> body;

    private WarningTemplate(List<Part> subject, List<Part> body) {
        this.subject = subject;
        this.body = body;
    }

    /** The subject and body with the placeholders filled in. */
    public record Rendered(String subject, String body) {
    }

    /**
     * Parses a template file's octets.
     *
     * @throws IllegalArgumentException saying what is wrong and on which line
     */
    public static WarningTemplate parse(byte[] octets) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not valid UTF-8");
        }
        return parse(text);
    }

    /** @throws IllegalArgumentException saying what is wrong and on which line */
    public static WarningTemplate parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some editors write
        }
        List<String> lines = List.of(text.replace("\r\n", "\n").split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).getBytes(StandardCharsets.UTF_8).length > MAX_LINE_OCTETS) {
                throw new IllegalArgumentException("line " + (i + 1) + " is longer than " + MAX_LINE_OCTETS + " octets");
            }
            if (lines.get(i).chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new IllegalArgumentException("line " + (i + 1) + " holds a control character");
            }
        }
        int first = 0;
        List<Part> subject = parts(DEFAULT_SUBJECT, 0);
        if (!lines.isEmpty() && lines.get(0).toLowerCase(Locale.ROOT).startsWith("subject:")) {
            String given = lines.get(0).substring("subject:".length()).strip();
            if (given.isEmpty()) {
                throw new IllegalArgumentException("line 1: the Subject line is empty");
            }
            if (lines.size() < 2 || !lines.get(1).isEmpty()) {
                throw new IllegalArgumentException("line 2 must be empty: an empty line separates the Subject line from the body");
            }
            subject = parts(given, 1);
            first = 2;
        }
        String whole = String.join("\n", lines.subList(first, lines.size()));
        String body = whole.strip();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the body is empty");
        }
        long skipped = whole.substring(0, whole.indexOf(body)).chars().filter(c -> c == '\n').count();
        return new WarningTemplate(subject, parts(body + "\n", first + 1 + (int) skipped));
    }

    /** Splits text into literal parts and placeholders; {@code firstLine} numbers lines in messages. */
    private static List<Part> parts(String text, int firstLine) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int line = firstLine;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c != '{') {
                literal.append(c);
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i++;
                continue;
            }
            int close = text.indexOf('}', i);
            int newline = text.indexOf('\n', i);
            if (close < 0 || newline >= 0 && newline < close) {
                throw new IllegalArgumentException("line " + Math.max(line, 1) + ": '{' without a closing '}' on the same"
                        + " line (write {{ for a literal brace)");
            }
            String name = text.substring(i + 1, close);
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException("line " + Math.max(line, 1) + ": unknown placeholder {" + name
                        + "}; known are " + PLACEHOLDERS.stream().sorted().map(p -> "{" + p + "}").toList());
            }
            parts.add(new Part(literal.toString(), false));
            literal.setLength(0);
            parts.add(new Part(name, true));
            i = close;
        }
        parts.add(new Part(literal.toString(), false));
        return List.copyOf(parts);
    }

    /** Fills in the placeholders; {@code values} has one for each of {@link #PLACEHOLDERS}. */
    public Rendered render(Map<String, String> values) {
        return new Rendered(fill(subject, values), fill(body, values));
    }

    private static String fill(List<Part> parts, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.placeholder() ? values.get(part.text()) : part.text());
        }
        return out.toString();
    }
}
