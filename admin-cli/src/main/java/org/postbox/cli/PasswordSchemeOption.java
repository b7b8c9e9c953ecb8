package org.postbox.cli;

import java.util.Locale;
import org.postbox.password.PasswordSchemes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --scheme}: how {@code mailbox add} and {@code mailbox passwd} store the password. */
final class PasswordSchemeOption {
    static final String DEFAULT = "ARGON2ID";

    @Option(names = "--scheme", paramLabel = "SCHEME", converter = SchemeName.class, description = {
        "How the password is stored: ARGON2ID (the default), SCRAM-SHA-256 or CRAM-MD5; any case. Every scheme "
                + "checks passwords sent with USER/PASS, AUTH PLAIN and AUTH LOGIN.",
        "ARGON2ID: a deliberately slow hash; the safest choice when clients send the password itself.",
        "SCRAM-SHA-256: also lets clients log in with the SCRAM-SHA-256 SASL mechanism, which never sends the "
                + "password and proves the server too.",
        "CRAM-MD5: only for clients that can do nothing but the CRAM-MD5 SASL mechanism. It stores a "
                + "password-equivalent: whoever reads the stored value can log in with CRAM-MD5 without knowing "
                + "the password."})
    private String scheme = DEFAULT;

    String scheme() {
        return scheme;
    }

    /** The scheme's canonical name, whatever case it was typed in; anything else is a usage error. */
    static final class SchemeName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String upper = value.strip().toUpperCase(Locale.ROOT);
            if (PasswordSchemes.WRITABLE.contains(upper)) {
                return upper;
            }
            throw new TypeConversionException("unknown password scheme '" + value + "'; choose one of "
                    + String.join(", ", PasswordSchemes.WRITABLE));
        }
    }
}
