package org.postbox.password;

import com.ongres.saslprep.SASLprep;
import java.util.Optional;

/**
 * SASLprep (RFC 4013), the preparation of user names and passwords for SASL mechanisms (RFC 5802
 * section 2.2 for SCRAM, RFC 6856 section 2 for POP3 in UTF-8): non-ASCII spaces become spaces,
 * soft hyphens and the like vanish, the text is normalised to NFKC, and control and other
 * prohibited characters are refused. ASCII printable text is left as it is.
 */
public final class SaslPrep {
    private static final SASLprep PROFILE = new SASLprep();

    private SaslPrep() {
    }

    /**
     * The prepared form of {@code text}, treating it as a query (unassigned code points allowed),
     * or empty when it holds a prohibited character or breaks the bidirectional rules.
     */
    public static Optional<String> prepare(String text) {
        try {
            return Optional.of(PROFILE.prepareQuery(text));
        } catch (IllegalArgumentException prohibited) {
            return Optional.empty();
        } catch (IndexOutOfBoundsException nothingLeft) {
            // ongres stringprep 2.2 reads the first character of what mapping left, even when that
            // is nothing (a lone soft hyphen or zero-width space); RFC 4013 makes it the empty string.
            return Optional.of("");
        }
    }

    /**
     * The password as SCRAM hashes it: prepared, or as it is when preparation refuses it, as
     * common SCRAM implementations (PostgreSQL, Dovecot) do, so that such a password can still log in.
     */
    static String forHashing(String password) {
        return prepare(password).orElse(password);
    }
}
