package org.postbox.lmtp.codec;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one command line (US-ASCII, without its line end) into an {@link LmtpCommand}, or into an
 * {@link InvalidCommand} carrying the precise reply (RFC 5321 section 4.1, RFC 2033, RFC 3463
 * codes):
 * <ul>
 * <li>500 5.5.1: unknown command;</li>
 * <li>500 5.5.2: a line that is not a command at all (empty, control characters);</li>
 * <li>501 5.5.4: bad or missing arguments;</li>
 * <li>501 5.1.7: a sender address that is not an RFC 5321 mailbox;</li>
 * <li>501 5.1.3: an empty recipient;</li>
 * <li>555 5.5.4: a MAIL or RCPT parameter this server does not implement.</li>
 * </ul>
 * Keywords and parameter names are matched case-insensitively; one or more spaces separate
 * arguments; a space after {@code FROM:} and {@code TO:} is tolerated, as MTAs send it.
 *
 * <pre>
 *   "MAIL FROM:&lt;a@example.org&gt; SIZE=1200" -&gt; Mail[a@example.org, SIZE 1200]
 *   "RCPT TO:bob@example.com"            -&gt; InvalidCommand[RCPT, 501 5.5.4 syntax: RCPT TO:&lt;address&gt;]
 * </pre>
 */
public final class CommandParser {

    private static final Pattern ESMTP_KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** Room for any realistic keyword in an echo, without echoing a whole over-long line. */
    private static final int ECHO_LIMIT = 32;

    static final String MAIL_SYNTAX = "syntax: MAIL FROM:<address> [SIZE=octets] [BODY=7BIT|8BITMIME]";
    static final String RCPT_SYNTAX = "syntax: RCPT TO:<address>";

    private CommandParser() {
    }

    /** Parses one command line; never throws for any input. */
    public static LmtpInput parse(String line) {
        if (line.isBlank()) {
            return invalid("", 500, "5.5.2", "empty command line");
        }
        String keyword = keyword(line);
        if (line.charAt(0) == ' ') {
            return invalid("", 500, "5.5.2", "command line starts with a space");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return invalid(keyword, 500, "5.5.2", "command line contains a control character");
            }
        }
        int space = line.indexOf(' ');
        String rest = space < 0 ? "" : line.substring(space + 1);
        return switch (keyword) {
            case "LHLO" -> lhlo(rest);
            case "MAIL" -> mail(rest);
            case "RCPT" -> rcpt(rest);
            case "DATA" -> none(keyword, rest, new LmtpCommand.Data());
            case "RSET" -> none(keyword, rest, new LmtpCommand.Rset());
            case "QUIT" -> none(keyword, rest, new LmtpCommand.Quit());
            case "NOOP" -> new LmtpCommand.Noop();
            case "VRFY" -> rest.isBlank()
                    ? invalid(keyword, 501, "5.5.4", "VRFY needs an argument")
                    : new LmtpCommand.Vrfy(rest.strip());
            case "HELO", "EHLO" -> invalid(keyword, 500, "5.5.1", "this is LMTP: use LHLO instead of " + keyword);
            default -> invalid(keyword, 500, "5.5.1", "unknown command " + echo(keyword));
        };
    }

    /** The upper-cased text before the first space: what {@link InvalidCommand#keyword()} reports. */
    static String keyword(String line) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        return word.toUpperCase(Locale.ROOT);
    }

    private static LmtpInput lhlo(String rest) {
        String[] words = words(rest);
        if (words.length == 0) {
            return invalid("LHLO", 501, "5.5.4", "LHLO needs the client's domain");
        }
        if (words.length > 1) {
            return invalid("LHLO", 501, "5.5.4", "LHLO takes one domain");
        }
        if (!MailboxSyntax.isDomainOrLiteral(words[0])) {
            return invalid("LHLO", 501, "5.5.4", "invalid domain in LHLO");
        }
        return new LmtpCommand.Lhlo(words[0]);
    }

    private static LmtpInput mail(String rest) {
        if (!startsWithIgnoringCase(rest, "FROM:")) {
            return invalid("MAIL", 501, "5.5.4", MAIL_SYNTAX);
        }
        PathAndParameters parsed = PathAndParameters.read(rest.substring("FROM:".length()));
        if (parsed == null) {
            return invalid("MAIL", 501, "5.5.4", MAIL_SYNTAX);
        }
        String sender = MailboxSyntax.withoutSourceRoute(parsed.path());
        if (sender == null || (!sender.isEmpty() && !MailboxSyntax.isMailbox(sender))) {
            return invalid("MAIL", 501, "5.1.7", "invalid sender address");
        }
        OptionalLong size = OptionalLong.empty();
        Optional<BodyType> body = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (String parameter : parsed.parameters()) {
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
            String value = equals < 0 ? null : parameter.substring(equals + 1);
            if (!ESMTP_KEYWORD.matcher(name).matches()) {
                return invalid("MAIL", 501, "5.5.4", "invalid MAIL parameter '" + echo(parameter) + "'");
            }
            if (!seen.add(name)) {
                return invalid("MAIL", 501, "5.5.4", "duplicate " + echo(name) + " parameter");
            }
            switch (name) {
                case "SIZE" -> {
                    if (value == null || !DIGITS.matcher(value).matches()) {
                        return invalid("MAIL", 501, "5.5.4", "SIZE needs a number of octets");
                    }
                    size = OptionalLong.of(octets(value));
                }
                case "BODY" -> {
                    Optional<BodyType> type = bodyType(value);
                    if (type.isEmpty()) {
                        return invalid("MAIL", 501, "5.5.4", "BODY must be 7BIT or 8BITMIME");
                    }
                    body = type;
                }
                default -> {
                    return invalid("MAIL", 555, "5.5.4", "unsupported MAIL parameter " + echo(name));
                }
            }
        }
        return new LmtpCommand.Mail(sender, size, body);
    }

    private static LmtpInput rcpt(String rest) {
        if (!startsWithIgnoringCase(rest, "TO:")) {
            return invalid("RCPT", 501, "5.5.4", RCPT_SYNTAX);
        }
        PathAndParameters parsed = PathAndParameters.read(rest.substring("TO:".length()));
        if (parsed == null) {
            return invalid("RCPT", 501, "5.5.4", RCPT_SYNTAX);
        }
        String recipient = MailboxSyntax.withoutSourceRoute(parsed.path());
        if (recipient == null || recipient.isEmpty()) {
            return invalid("RCPT", 501, "5.1.3", "invalid recipient address");
        }
        if (!parsed.parameters().isEmpty()) {
            String name = keyword(parsed.parameters().get(0).split("=", 2)[0]);
            return invalid("RCPT", 555, "5.5.4", "unsupported RCPT parameter " + echo(name));
        }
        return new LmtpCommand.Rcpt(recipient);
    }

    private static LmtpInput none(String keyword, String rest, LmtpCommand command) {
        return rest.isBlank() ? command : invalid(keyword, 501, "5.5.4", keyword + " takes no arguments");
    }

    private static Optional<BodyType> bodyType(String value) {
        if (value != null) {
            for (BodyType type : BodyType.values()) {
                if (type.wire().equalsIgnoreCase(value)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }

    /** A declared size too large for a long is certainly over any maximum. */
    private static long octets(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean startsWithIgnoringCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String[] words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? new String[0] : stripped.split(" +");
    }

    private static String echo(String text) {
        return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "...";
    }

    private static InvalidCommand invalid(String keyword, int code, String status, String text) {
        return new InvalidCommand(keyword, LmtpReply.of(code, status, text));
    }

    /**
     * {@code <path>} followed by space-separated parameters. The path may hold quoted strings, in
     * which spaces and {@code >} are text.
     */
    private record PathAndParameters(String path, java.util.List<String> parameters) {

        /** Null when there is no well-formed {@code <...>} or junk follows it directly. */
        static PathAndParameters read(String text) {
            int start = 0;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
            if (start >= text.length() || text.charAt(start) != '<') {
                return null;
            }
            boolean quoted = false;
            int end = -1;
            for (int i = start + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted && c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == '>' && !quoted) {
                    end = i;
                    break;
                } else if (c == '<' && !quoted) {
                    return null;
                }
            }
            if (end < 0) {
                return null;
            }
            String after = text.substring(end + 1);
            if (!after.isEmpty() && after.charAt(0) != ' ') {
                return null;
            }
            return new PathAndParameters(text.substring(start + 1, end), java.util.List.of(words(after)));
        }
    }
}
