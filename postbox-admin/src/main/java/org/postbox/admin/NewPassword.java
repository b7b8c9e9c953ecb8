package org.postbox.admin;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.postbox.password.PasswordSchemes;

/**
 * A mailbox's new password as an operator gives it: in plain text, hashed here in the scheme
 * chosen, or already hashed (by a control panel, or moved from another server). The rules for
 * either live here only, for the CLI, the API and provisioning files alike.
 */
public sealed interface NewPassword {

    /** The scheme of new plain-text passwords unless another is chosen. */
    String DEFAULT_SCHEME = "ARGON2ID";

    /** The schemes a plain-text password can be stored in. */
    List<String> SCHEMES = PasswordSchemes.WRITABLE;

    /**
     * The hash to store.
     *
     * @throws AdminException of kind {@link ErrorKind#INVALID} for an unusable password or hash
     */
    String hash();

    /** Whether {@code storedHash}, a mailbox's present hash, already stands for this password. */
    boolean matches(String storedHash);

    static NewPassword plain(String password) {
        return new Plain(password, DEFAULT_SCHEME);
    }

    static NewPassword plain(String password, String scheme) {
        return new Plain(password, scheme);
    }

    static NewPassword hashed(String hash) {
        return new Hashed(hash);
    }

    /**
     * The canonical name of a writable scheme, whatever case it was typed in.
     *
     * @throws AdminException of kind {@link ErrorKind#INVALID} for any other
     */
    static String scheme(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (!SCHEMES.contains(upper)) {
            throw new AdminException(ErrorKind.INVALID, "unknown password scheme '" + name + "'; choose one of "
                    + String.join(", ", SCHEMES));
        }
        return upper;
    }

    /** A password in plain text, to be hashed in {@code scheme}. */
    record Plain(String password, String scheme) implements NewPassword {
        public Plain {
            Objects.requireNonNull(password, "password");
            scheme = NewPassword.scheme(scheme);
            if (password.isEmpty()) {
                throw new AdminException(ErrorKind.INVALID, "refusing an empty password");
            }
            if (password.indexOf('\0') >= 0 || password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
                throw new AdminException(ErrorKind.INVALID,
                        "refusing a password with NUL, CR or LF in it: POP3 clients cannot send it");
            }
        }

        @Override
        public String hash() {
            return PasswordSchemes.hash(password, scheme);
        }

        @Override
        public boolean matches(String storedHash) {
            // Only a hash of the chosen scheme counts: asking for SCRAM-SHA-256 must store SCRAM.
            return storedHash.toUpperCase(Locale.ROOT).startsWith("{" + scheme + "}")
                    && PasswordSchemes.verify(storedHash, password);
        }

        @Override
        public String toString() {
            return "Plain[" + scheme + "]";
        }
    }

    /** A hash in Dovecot's {@code {SCHEME}value} syntax, stored as it is. */
    record Hashed(String hash) implements NewPassword {
        public Hashed {
            Objects.requireNonNull(hash, "hash");
            if (hash.chars().anyMatch(c -> c < ' ' || c == 0x7f) || !PasswordSchemes.isSupported(hash)) {
                throw new AdminException(ErrorKind.INVALID, "not a password hash Postbox can check: use Dovecot's "
                        + "{SCHEME}value syntax with a known scheme, e.g. {ARGON2ID}, {SHA512-CRYPT}, {SSHA512}");
            }
        }

        @Override
        public boolean matches(String storedHash) {
            return hash.equals(storedHash);
        }

        @Override
        public String toString() {
            return "Hashed[]";
        }
    }
}
