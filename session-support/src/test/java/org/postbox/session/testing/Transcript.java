package org.postbox.session.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed transcript file: a conversation with a server as the RFCs show them, plus directives
 * that each protocol's runner interprets. One item per line, read top to bottom:
 * <ul>
 * <li>{@code ## text}: a comment; blank lines are ignored.</li>
 * <li>{@code C: line}: the client sends {@code line} and CRLF. {@code {{x*600}}} in it stands for
 *     600 times {@code x} (for over-long lines).</li>
 * <li>{@code P: line}: pipelining: consecutive {@code P:} and {@code R:} lines are sent together
 *     in ONE write; each {@code P:} line gets its CRLF.</li>
 * <li>{@code R: text}: raw text, sent without an added CRLF; {@code \r}, {@code \n}, {@code \t}
 *     and {@code \\} are unescaped (for bare LFs and message text).</li>
 * <li>{@code S: line}: the server's next line, which must end in CRLF and match in full. The text
 *     is literal, except {@code {{...}}} parts, which are Java regular expressions (e.g.
 *     {@code S: +OK 1 {{\S+}}}). {@code S:} alone is an empty line.</li>
 * <li>{@code * closed}: the server closes the connection now. {@code * drop}: the client hangs
 *     up. Without either, the client hangs up after the last line.</li>
 * <li>{@code # keyword arguments...}: a directive, anywhere; what it means is up to the runner.</li>
 * </ul>
 *
 * @param name       the file name, for test names
 * @param directives the setup and check lines ({@code # ...}), in order
 * @param steps      the conversation
 */
public record Transcript(String name, List<Directive> directives, List<Step> steps) {

    private static final Pattern REPEAT = Pattern.compile("\\{\\{(.+?)\\*(\\d+)}}");
    /** The closing braces are the first "}}" not followed by a third, so a regex may end in {m,n}. */
    private static final Pattern REGEX_PART = Pattern.compile("\\{\\{(.+?)}}(?!})");

    /** {@code # keyword arguments...}. */
    public record Directive(int lineNumber, String keyword, List<String> arguments) {
        public String argument(int index) {
            if (index >= arguments.size()) {
                throw new IllegalArgumentException("line " + lineNumber + ": '# " + keyword + "' needs more arguments");
            }
            return arguments.get(index);
        }

        /** The arguments from {@code index} on, joined by single spaces; empty when there are none. */
        public String rest(int index) {
            if (index > arguments.size()) {
                argument(index - 1);
            }
            return String.join(" ", arguments.subList(index, arguments.size()));
        }
    }

    public sealed interface Step {
        int lineNumber();
    }

    /** Text the client sends in one write. */
    public record Send(int lineNumber, String text) implements Step {
    }

    /** One server line, matched in full. */
    public record Expect(int lineNumber, String source, Pattern pattern) implements Step {
    }

    /** The server must close the connection now. */
    public record ExpectClosed(int lineNumber) implements Step {
    }

    /** The client drops the connection. */
    public record Drop(int lineNumber) implements Step {
    }

    public static Transcript parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Directive> directives = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        StringBuilder pipelined = new StringBuilder();
        int pipelineStart = 0;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            boolean joins = line.startsWith("P:") || line.startsWith("R:");
            if (!joins && pipelined.length() > 0) {
                steps.add(new Send(pipelineStart, pipelined.toString()));
                pipelined.setLength(0);
            }
            if (line.isBlank() || line.startsWith("##")) {
                continue;
            }
            if (line.startsWith("# ")) {
                String[] words = line.substring(2).trim().split("\\s+", -1);
                directives.add(new Directive(number, words[0], List.of(words).subList(1, words.length)));
            } else if (line.startsWith("C:")) {
                steps.add(new Send(number, expand(payload(line, number)) + "\r\n"));
            } else if (joins) {
                if (pipelined.length() == 0) {
                    pipelineStart = number;
                }
                String text = expand(payload(line, number));
                pipelined.append(line.startsWith("P:") ? text + "\r\n" : unescape(text));
            } else if (line.startsWith("S:")) {
                String expected = payload(line, number);
                steps.add(new Expect(number, expected, serverPattern(expected)));
            } else if (line.equals("* closed")) {
                steps.add(new ExpectClosed(number));
            } else if (line.equals("* drop")) {
                steps.add(new Drop(number));
            } else {
                throw new IllegalArgumentException(file.getFileName() + " line " + number + ": cannot read '" + line + "'");
            }
        }
        if (pipelined.length() > 0) {
            steps.add(new Send(pipelineStart, pipelined.toString()));
        }
        return new Transcript(file.getFileName().toString(), List.copyOf(directives), List.copyOf(steps));
    }

    /** {@code \n}, {@code \r}, {@code \t} and {@code \\} as in Java; any other escaped character stands for itself. */
    public static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** "S: text" -> "text"; "S:" alone is an empty line. */
    private static String payload(String line, int number) {
        if (line.length() == 2) {
            return "";
        }
        if (line.charAt(2) != ' ') {
            throw new IllegalArgumentException("line " + number + ": expected a space after '" + line.substring(0, 2) + "'");
        }
        return line.substring(3);
    }

    private static String expand(String text) {
        Matcher repeat = REPEAT.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(expanded, Matcher.quoteReplacement(repeat.group(1).repeat(Integer.parseInt(repeat.group(2)))));
        }
        repeat.appendTail(expanded);
        return expanded.toString();
    }

    /** Literal text, except {{...}} parts, which are regular expressions. */
    private static Pattern serverPattern(String expected) {
        StringBuilder regex = new StringBuilder();
        Matcher part = REGEX_PART.matcher(expected);
        int literalStart = 0;
        while (part.find()) {
            regex.append(Pattern.quote(expected.substring(literalStart, part.start())));
            regex.append("(?:").append(part.group(1)).append(')');
            literalStart = part.end();
        }
        regex.append(Pattern.quote(expected.substring(literalStart)));
        return Pattern.compile(regex.toString());
    }
}
