package org.postbox.pop3.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Turns one client line (without its line end) into a {@link Pop3Request}: a {@link Pop3Command}
 * when the line is well formed (RFC 1939 section 3 and 7, RFC 2449), otherwise an
 * {@link InvalidRequest} whose reason is the precise text for the {@code -ERR} reply.
 *
 * <p>The keyword is matched case-insensitively (ASCII only, so no locale can alias a keyword);
 * arguments are separated by one or more spaces and trailing spaces are ignored, except for
 * {@code PASS}, whose argument is the rest of the line verbatim so that passwords may contain
 * spaces.
 *
 * <pre>
 *   "retr 3"     -> Retr[message=3]
 *   "RETR 3x"    -> InvalidRequest[RETR, invalid message number '3x']
 *   "PASS a b "  -> Pass("a b ")
 * </pre>
 */
public final class CommandParser {

    private CommandParser() {
    }

    /** Parses one command line; never throws for any input. */
    public static Pop3Request parse(String line) {
        if (line.isBlank()) {
            return new InvalidRequest("", "empty command line");
        }
        if (line.charAt(0) == ' ') {
            return new InvalidRequest("", "command line starts with a space");
        }
        String keyword = keyword(line);
        if (hasControlCharacter(line)) {
            return new InvalidRequest(keyword, "command line contains a control character");
        }
        int space = line.indexOf(' ');
        String rest = space < 0 ? "" : line.substring(space + 1);
        switch (keyword) {
            case "USER":
                return one(keyword, rest, "USER needs a mailbox name", Pop3Command.User::new);
            case "PASS":
                // The single separator after PASS is the only space that is not part of the password.
                return rest.isEmpty()
                        ? new InvalidRequest(keyword, "PASS needs a password")
                        : new Pop3Command.Pass(rest);
            case "APOP":
                return apop(rest);
            case "QUIT":
                return none(keyword, rest, new Pop3Command.Quit());
            case "STAT":
                return none(keyword, rest, new Pop3Command.Stat());
            case "NOOP":
                return none(keyword, rest, new Pop3Command.Noop());
            case "RSET":
                return none(keyword, rest, new Pop3Command.Rset());
            case "CAPA":
                return none(keyword, rest, new Pop3Command.Capa());
            case "STLS":
                return none(keyword, rest, new Pop3Command.Stls());
            case "LIST":
                return optionalMessage(keyword, rest, Pop3Command.List::new);
            case "UIDL":
                return optionalMessage(keyword, rest, Pop3Command.Uidl::new);
            case "RETR":
                return message(keyword, rest, Pop3Command.Retr::new);
            case "DELE":
                return message(keyword, rest, Pop3Command.Dele::new);
            case "TOP":
                return top(rest);
            case "AUTH":
                return ExtensionArguments.auth(arguments(rest));
            case "UTF8":
                return none(keyword, rest, new Pop3Command.Utf8());
            case "LANG":
                return ExtensionArguments.lang(arguments(rest));
            default:
                return new InvalidRequest(keyword, "unknown command " + keyword);
        }
    }

    /**
     * The keyword of a line as {@link InvalidRequest#keyword()} reports it: the text before the
     * first space with ASCII letters upper-cased, or empty when it holds a control character
     * (so that logs never carry raw control bytes).
     */
    static String keyword(String line) {
        int space = line.indexOf(' ');
        String token = space < 0 ? line : line.substring(0, space);
        if (hasControlCharacter(token)) {
            return "";
        }
        return asciiUpperCase(token);
    }

    private static String asciiUpperCase(String token) {
        char[] chars = token.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'a' && c <= 'z') {
                chars[i] = (char) (c - ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static List<String> arguments(String rest) {
        List<String> arguments = new ArrayList<>();
        int i = 0;
        int n = rest.length();
        while (i < n) {
            while (i < n && rest.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && rest.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                arguments.add(rest.substring(start, i));
            }
        }
        return arguments;
    }

    private static Pop3Request none(String keyword, String rest, Pop3Command command) {
        return arguments(rest).isEmpty() ? command : tooMany(keyword);
    }

    private static Pop3Request one(String keyword, String rest, String missing,
            Function<String, Pop3Command> command) {
        List<String> arguments = arguments(rest);
        if (arguments.isEmpty()) {
            return new InvalidRequest(keyword, missing);
        }
        if (arguments.size() > 1) {
            return tooMany(keyword);
        }
        return command.apply(arguments.get(0));
    }

    private static Pop3Request apop(String rest) {
        List<String> arguments = arguments(rest);
        if (arguments.size() < 2) {
            return new InvalidRequest("APOP", "APOP needs a mailbox name and a digest");
        }
        if (arguments.size() > 2) {
            return tooMany("APOP");
        }
        return new Pop3Command.Apop(arguments.get(0), arguments.get(1));
    }

    private static Pop3Request message(String keyword, String rest,
            IntFunction<Pop3Command> command) {
        List<String> arguments = arguments(rest);
        if (arguments.isEmpty()) {
            return new InvalidRequest(keyword, keyword + " needs a message number");
        }
        if (arguments.size() > 1) {
            return tooMany(keyword);
        }
        int number = messageNumber(arguments.get(0));
        return number < 0 ? invalidMessageNumber(keyword, arguments.get(0)) : command.apply(number);
    }

    private static Pop3Request optionalMessage(String keyword, String rest,
            Function<OptionalInt, Pop3Command> command) {
        List<String> arguments = arguments(rest);
        if (arguments.isEmpty()) {
            return command.apply(OptionalInt.empty());
        }
        if (arguments.size() > 1) {
            return tooMany(keyword);
        }
        int number = messageNumber(arguments.get(0));
        return number < 0
                ? invalidMessageNumber(keyword, arguments.get(0))
                : command.apply(OptionalInt.of(number));
    }

    private static Pop3Request top(String rest) {
        List<String> arguments = arguments(rest);
        if (arguments.size() < 2) {
            return new InvalidRequest("TOP", "TOP needs a message number and a line count");
        }
        if (arguments.size() > 2) {
            return tooMany("TOP");
        }
        int number = messageNumber(arguments.get(0));
        if (number < 0) {
            return invalidMessageNumber("TOP", arguments.get(0));
        }
        int lines = nonNegativeInt(arguments.get(1));
        if (lines < 0) {
            return new InvalidRequest("TOP", "invalid line count '" + arguments.get(1) + "'");
        }
        return new Pop3Command.Top(number, lines);
    }

    /**
     * A message number is a decimal of ASCII digits; -1 when the text is not one. Any such number
     * is syntax, whether or not it names a message: 0, or one past every maildrop (it is taken as
     * {@link Integer#MAX_VALUE}), gets "no such message" from its command, as a number another
     * client's deletions made stale does. Clients send those in good faith, so they must not
     * count as bad commands, which close the connection.
     */
    private static int messageNumber(String text) {
        long value = decimal(text);
        return value < 0 ? -1 : (int) Math.min(value, Integer.MAX_VALUE);
    }

    /** A count that must fit an int; -1 for anything else. */
    private static int nonNegativeInt(String text) {
        long value = decimal(text);
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    /**
     * ASCII digits only: Integer.parseInt would also take a leading '+' and digits of other
     * scripts, neither of which is POP3 syntax. Returns -1 for anything else; a value past
     * {@link Integer#MAX_VALUE} is returned as one more than it, however long the digits run.
     */
    private static long decimal(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = Math.min(Integer.MAX_VALUE + 1L, value * 10 + (c - '0'));
        }
        return value;
    }

    private static InvalidRequest invalidMessageNumber(String keyword, String text) {
        return new InvalidRequest(keyword, "invalid message number '" + text + "'");
    }

    private static InvalidRequest tooMany(String keyword) {
        return new InvalidRequest(keyword, "too many arguments to " + keyword);
    }
}
