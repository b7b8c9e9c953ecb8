package org.postbox.migration;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.postbox.password.PasswordSchemes;

/**
 * A mailbox's password as the old server stored it, classified for import: a hash Postbox can
 * verify (in Dovecot's {@code {SCHEME}} syntax, taken over as it is), or why the mailbox cannot
 * keep its password. Reasons name schemes, never hash values.
 */
public sealed interface SourcePassword {

    /**
     * A hash Postbox verifies, in {@code {SCHEME}value} form. {@code note} says what was done to
     * get it, for example that a bare crypt(3) value was recognised as SHA512-CRYPT; it is empty
     * when the value was taken over unchanged.
     */
    record Usable(String stored, String note) implements SourcePassword {
        public Usable {
            Objects.requireNonNull(stored, "stored");
            Objects.requireNonNull(note, "note");
            if (!PasswordSchemes.isSupported(stored)) {
                throw new IllegalArgumentException("not a password hash Postbox verifies");
            }
        }
    }

    /** A hash in a scheme Postbox does not verify, or a malformed one. */
    record Unusable(String reason) implements SourcePassword {
        public Unusable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The old server refused every password ({@code *}, {@code !...}, {@code *LOCKED*}). */
    record Locked(String reason) implements SourcePassword {
        public Locked {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No password is stored at all. */
    record Missing() implements SourcePassword {
    }

    /**
     * The old server accepted any password (Dovecot's {@code nopassword} extra field). Never
     * imported as such: whoever imports decides what such a mailbox gets.
     */
    record AnyPassword() implements SourcePassword {
    }

    /**
     * Classifies the password field of a Dovecot passwd-file line. {@code defaultScheme} is the
     * scheme of values without a {@code {SCHEME}} prefix (the passwd-file's {@code scheme=}
     * argument, {@code CRYPT} unless set); {@code nopassword} is whether the line's extra fields
     * include {@code nopassword}.
     */
    static SourcePassword fromDovecot(String field, String defaultScheme, boolean nopassword) {
        Objects.requireNonNull(field, "field");
        if (nopassword) {
            return new AnyPassword();
        }
        if (field.isEmpty()) {
            return new Missing();
        }
        Optional<SourcePassword> locked = locked(field);
        if (locked.isPresent()) {
            return locked.get();
        }
        String scheme;
        String value;
        String note = "";
        if (field.startsWith("{") && field.indexOf('}') > 0) {
            scheme = field.substring(1, field.indexOf('}')).toUpperCase(Locale.ROOT);
            value = field.substring(field.indexOf('}') + 1);
        } else if (field.endsWith("[13]") || field.endsWith("[34]")) {
            // libpam-pwdfile's suffixes: [13] for crypt(3), [34] for MD5-crypt
            scheme = field.endsWith("[13]") ? "CRYPT" : "MD5-CRYPT";
            value = field.substring(0, field.length() - 4);
            note = "libpam-pwdfile's " + field.substring(field.length() - 4) + " suffix read as " + scheme;
        } else {
            scheme = defaultScheme.toUpperCase(Locale.ROOT);
            value = field;
            note = "no {SCHEME} prefix; the passwd-file's default scheme " + scheme + " applies";
        }
        // In Dovecot, MD5 is an alias of MD5-CRYPT (unlike Courier's {MD5}, a plain digest).
        if (scheme.equals("MD5")) {
            scheme = "MD5-CRYPT";
        }
        if (scheme.equals("CRYPT")) {
            return fromCrypt(value, note);
        }
        return usableOrNot("{" + scheme + "}" + value, note, scheme);
    }

    /**
     * Classifies a Courier userdb password ({@code systempw} or a service's {@code pop3pw}):
     * a crypt(3) value, or one of Courier authlib's {@code {SCHEME}} values, of which
     * {@code {SHA}}, {@code {SSHA}}, {@code {SHA256}} and {@code {SHA512}} are base64 digests as
     * Dovecot's are, while Courier's {@code {MD5}} and {@code {MD5RAW}} are plain MD5 digests that
     * Postbox does not verify.
     */
    static SourcePassword fromCourier(String field) {
        Objects.requireNonNull(field, "field");
        if (field.isEmpty()) {
            return new Missing();
        }
        Optional<SourcePassword> locked = locked(field);
        if (locked.isPresent()) {
            return locked.get();
        }
        if (field.startsWith("{") && field.indexOf('}') > 0) {
            String scheme = field.substring(1, field.indexOf('}')).toUpperCase(Locale.ROOT);
            String value = field.substring(field.indexOf('}') + 1);
            return switch (scheme) {
                case "CRYPT" -> fromCrypt(value, "Courier's {CRYPT} prefix");
                case "SHA", "SSHA", "SHA256", "SHA512" -> usableOrNot("{" + scheme + "}" + value, "", scheme);
                case "MD5", "MD5RAW" -> new Unusable("Courier's {" + scheme + "} is a plain MD5 digest, which Postbox does not verify");
                default -> new Unusable("Courier scheme {" + printable(scheme) + "} is not one Postbox verifies");
            };
        }
        return fromCrypt(field, "");
    }

    /** Values that Dovecot, Courier and /etc/shadow conventions read as "no password will do". */
    private static Optional<SourcePassword> locked(String field) {
        if (field.equals("*") || field.equals("*LOCKED*") || field.equals("x")) {
            return Optional.of(new Locked("the password field is '" + field + "', which no password matches"));
        }
        if (field.startsWith("!")) {
            return Optional.of(new Locked("the password field starts with '!', the mark of a locked account"));
        }
        return Optional.empty();
    }

    /**
     * A crypt(3) value without a scheme: the scheme follows from its {@code $id$} prefix, as
     * Dovecot's CRYPT scheme leaves it to the C library.
     */
    private static SourcePassword fromCrypt(String value, String note) {
        String scheme;
        if (value.startsWith("$1$")) {
            scheme = "MD5-CRYPT";
        } else if (value.startsWith("$5$")) {
            scheme = "SHA256-CRYPT";
        } else if (value.startsWith("$6$")) {
            scheme = "SHA512-CRYPT";
        } else if (value.startsWith("$2a$") || value.startsWith("$2b$") || value.startsWith("$2y$")) {
            scheme = "BLF-CRYPT";
        } else if (value.matches("[./0-9A-Za-z]{13}")) {
            return new Unusable("a traditional DES crypt(3) hash, which Postbox does not verify");
        } else if (value.startsWith("$y$") || value.startsWith("$gy$") || value.startsWith("$7$")) {
            return new Unusable("a yescrypt or scrypt crypt(3) hash, which Postbox does not verify");
        } else {
            return new Unusable("a crypt(3) value of a kind Postbox does not recognise");
        }
        String recognised = "crypt(3) value recognised as " + scheme;
        return usableOrNot("{" + scheme + "}" + value, note.isEmpty() ? recognised : note + "; " + recognised, scheme);
    }

    private static SourcePassword usableOrNot(String stored, String note, String scheme) {
        if (PasswordSchemes.isSupported(stored)) {
            return new Usable(stored, note);
        }
        return new Unusable("a {" + printable(scheme) + "} hash, which is not a scheme Postbox verifies or is malformed");
    }

    private static String printable(String scheme) {
        String shown = scheme.length() > 40 ? scheme.substring(0, 40) + "..." : scheme;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.appendCodePoint(c >= 0x20 && c < 0x7f ? c : '?'));
        return out.toString();
    }
}
