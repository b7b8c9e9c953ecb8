package org.postbox.migration.dovecot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Dovecot template with {@code %} variables, as in {@code mail_location} and
 * {@code pop3_uidl_format}, expanded the way Dovecot 2.3 expands it (Variables in Dovecot's
 * documentation). The syntax is {@code %[<offset>.][0]<width>[<modifiers>]<variable>}:
 * <ul>
 *   <li>variables by letter ({@code %u}) or by long name ({@code %{user}}); which ones exist
 *       depends on the template's use, and {@code %%} is a percent sign;</li>
 *   <li>modifiers, applied left to right: {@code L} lower case, {@code U} upper case,
 *       {@code E} backslash before {@code " ' \}, {@code X} the decimal number in hex (0 if it is
 *       none), {@code R} reversed, {@code M} MD5 in hex, {@code N} and {@code H} a 32-bit hash in
 *       hex (MD5-based and Dovecot's old string hash), taken modulo the width when one is given
 *       and zero-padded to the offset, {@code D} {@code a.b} as {@code a,dc=b}, {@code T} trailing
 *       white space removed;</li>
 *   <li>then the substring: skip {@code offset} characters (a negative one keeps that many from
 *       the end) and keep {@code width} (a negative one drops that many from the end); with a
 *       leading {@code 0} the width pads with zeros instead and never cuts.</li>
 * </ul>
 * A variable the template's use does not have is refused when the template is parsed (Dovecot
 * would expand it to nothing or fail), since an import must not guess a path or a UIDL; so are
 * Dovecot's functions ({@code %{env:...}}, {@code %{if;...}}, {@code %{md5:...}}) and variables
 * of the running server ({@code %{hostname}}, {@code %{pid}}).
 */
public final class VariableTemplate {

    /** A variable: its letter (0 if it has none) and its long name. */
    public record Variable(char key, String longName) {
        public Variable {
            Objects.requireNonNull(longName, "longName");
        }
    }

    /** The values of a template's variables; may read what it needs (the message of a {@code %m}). */
    @FunctionalInterface
    public interface Values {
        String value(Variable variable) throws IOException;
    }

    private static final int MAX_MODIFIERS = 10;
    private static final Variable PERCENT = new Variable('%', "%");

    private sealed interface Part permits Literal, Expansion {
    }

    private record Literal(String text) implements Part {
    }

    private record Expansion(String modifiers, int offset, int width, boolean zeroPadding, Variable variable)
            implements Part {
    }

    private final String template;
    private final List<Part> parts;
    private final Set<Variable> variables;

    private VariableTemplate(String template, List<Part> parts, Set<Variable> variables) {
        this.template = template;
        this.parts = List.copyOf(parts);
        this.variables = Set.copyOf(variables);
    }

    /**
     * Parses {@code template}, whose variables must be among {@code known}.
     *
     * @throws IllegalArgumentException saying where the template is not understood
     */
    public static VariableTemplate parse(String template, Collection<Variable> known) {
        Objects.requireNonNull(template, "template");
        List<Part> parts = new ArrayList<>();
        Set<Variable> used = new LinkedHashSet<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            int start = i++;
            int sign = 1;
            int width = 0;
            int offset = 0;
            boolean zeroPadding = false;
            if (i < template.length() && template.charAt(i) == '-') {
                sign = -1;
                i++;
            }
            if (i < template.length() && template.charAt(i) == '0') {
                zeroPadding = true;
                i++;
            }
            while (i < template.length() && isDigit(template.charAt(i))) {
                width = digit(width, template.charAt(i++), template);
            }
            if (i < template.length() && template.charAt(i) == '.') {
                // Dovecot: the number before the dot was the offset (with its sign), the one after is the width.
                offset = sign * width;
                sign = 1;
                width = 0;
                zeroPadding = false;
                i++;
                if (i < template.length() && template.charAt(i) == '0') {
                    zeroPadding = true;
                    i++;
                }
                if (i < template.length() && template.charAt(i) == '-') {
                    sign = -1;
                    i++;
                }
                while (i < template.length() && isDigit(template.charAt(i))) {
                    width = digit(width, template.charAt(i++), template);
                }
                width = sign * width;
            }
            StringBuilder modifiers = new StringBuilder();
            while (i < template.length() && modifiers.length() < MAX_MODIFIERS && "LUEXRHNMDT".indexOf(template.charAt(i)) >= 0) {
                modifiers.append(template.charAt(i++));
            }
            if (i >= template.length()) {
                throw new IllegalArgumentException("template '" + template + "' ends in the middle of the variable at position "
                        + (start + 1));
            }
            Variable variable;
            if (template.charAt(i) == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("template '" + template + "': '%{' at position " + (start + 1)
                            + " has no closing '}'");
                }
                String name = template.substring(i + 1, close);
                variable = known.stream().filter(v -> v.longName().equals(name)).findFirst()
                        .orElseThrow(() -> unknown(template, "%{" + name + "}", known));
                i = close + 1;
            } else {
                char key = template.charAt(i++);
                if (key == '%') {
                    variable = PERCENT;
                } else {
                    variable = known.stream().filter(v -> v.key() == key && key != 0).findFirst()
                            .orElseThrow(() -> unknown(template, "%" + key, known));
                }
            }
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Expansion(modifiers.toString(), offset, width, zeroPadding, variable));
            if (variable != PERCENT) {
                used.add(variable);
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new VariableTemplate(template, parts, used);
    }

    /** The variables the template uses. */
    public Set<Variable> variables() {
        return variables;
    }

    public boolean uses(Variable variable) {
        return variables.contains(variable);
    }

    /** The template as written. */
    public String template() {
        return template;
    }

    /** The template with each variable replaced by its value from {@code values}. */
    public String expand(Values values) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
                continue;
            }
            Expansion expansion = (Expansion) part;
            String value = expansion.variable() == PERCENT ? "%" : values.value(expansion.variable());
            Objects.requireNonNull(value, () -> "no value for %{" + expansion.variable().longName() + "}");
            // H and N use up the width and offset, as Dovecot's modifiers do.
            int[] widthAndOffset = {expansion.width(), expansion.offset()};
            for (int m = 0; m < expansion.modifiers().length(); m++) {
                value = modify(expansion.modifiers().charAt(m), value, widthAndOffset);
            }
            appendSubstring(out, value, widthAndOffset[0], widthAndOffset[1], expansion.zeroPadding());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return template;
    }

    private static void appendSubstring(StringBuilder out, String value, int width, int offset, boolean zeroPadding) {
        if (offset < 0) {
            if (value.length() > -offset) {
                value = value.substring(value.length() + offset);
            }
        } else {
            value = value.substring(Math.min(offset, value.length()));
        }
        if (width == 0) {
            out.append(value);
        } else if (!zeroPadding) {
            int keep = width < 0 ? value.length() + width : width;
            // A negative result keeps everything: Dovecot hands it on as an unsigned length.
            out.append(keep < 0 || keep >= value.length() ? value : value.substring(0, keep));
        } else {
            out.append("0".repeat(Math.max(0, width - value.length()))).append(value);
        }
    }

    private static String modify(char modifier, String value, int[] widthAndOffset) {
        return switch (modifier) {
            case 'L' -> asciiLowerCase(value);
            case 'U' -> asciiUpperCase(value);
            case 'E' -> value.replace("\\", "\\\\").replace("\"", "\\\"").replace("'", "\\'");
            case 'X' -> Long.toHexString(unsignedOrZero(value));
            case 'R' -> new StringBuilder(value).reverse().toString();
            case 'M' -> HexFormat.of().formatHex(md5(value));
            case 'N' -> hash(newHash(value), widthAndOffset);
            case 'H' -> hash(Integer.toUnsignedLong(oldHash(value)), widthAndOffset);
            case 'D' -> value.replace(".", ",dc=");
            case 'T' -> value.replaceAll("[ \t\n\u000b\f\r]+$", "");
            default -> throw new IllegalStateException("modifier " + modifier);
        };
    }

    /** N and H: the value modulo the width (if any) as lower-case hex of its low 32 bits, zero-padded to the offset. */
    private static String hash(long value, int[] widthAndOffset) {
        if (widthAndOffset[0] != 0) {
            value = Long.remainderUnsigned(value, Integer.toUnsignedLong(widthAndOffset[0]));
            widthAndOffset[0] = 0;
        }
        String hex = Integer.toHexString((int) value);
        if (hex.length() < widthAndOffset[1]) {
            hex = "0".repeat(widthAndOffset[1] - hex.length()) + hex;
        }
        widthAndOffset[1] = 0;
        return hex;
    }

    /** The first 8 octets of the MD5 of the value, as a big-endian number. */
    private static long newHash(String value) {
        byte[] digest = md5(value);
        long result = 0;
        for (int i = 0; i < 8; i++) {
            result = (result << 8) | (digest[i] & 0xff);
        }
        return result;
    }

    /** Dovecot's {@code str_hash()}: the PJW/ELF hash of the octets. */
    private static int oldHash(String value) {
        int h = 0;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h = (h << 4) + (b & 0xff);
            int g = h & 0xf0000000;
            if (g != 0) {
                h ^= g >>> 24;
                h ^= g;
            }
        }
        return h;
    }

    private static byte[] md5(String value) {
        try {
            return MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** Dovecot's {@code str_to_ullong()}: a decimal number, or 0 when the text is none. */
    private static long unsignedOrZero(String value) {
        if (value.isEmpty() || value.length() > 20 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String asciiLowerCase(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
        return out.toString();
    }

    private static String asciiUpperCase(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append((char) (c >= 'a' && c <= 'z' ? c - 32 : c)));
        return out.toString();
    }

    private static int digit(int number, char c, String template) {
        int result = number * 10 + (c - '0');
        if (result > 100_000) {
            throw new IllegalArgumentException("template '" + template + "': a width or offset is too large");
        }
        return result;
    }

    private static IllegalArgumentException unknown(String template, String variable, Collection<Variable> known) {
        List<String> names = new ArrayList<>();
        for (Variable v : known) {
            names.add((v.key() != 0 ? "%" + v.key() + " " : "") + "%{" + v.longName() + "}");
        }
        return new IllegalArgumentException("template '" + template + "' uses " + variable
                + ", which is not one of " + String.join(", ", names) + " (or %% for a percent sign)");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
