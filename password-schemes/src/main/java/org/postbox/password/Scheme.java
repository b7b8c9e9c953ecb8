package org.postbox.password;

/** One Dovecot password scheme: how its stored value is encoded and how it is checked. */
sealed interface Scheme permits Argon2Scheme, ShaCryptScheme, Md5CryptScheme, BlowfishCryptScheme, DigestScheme,
        PlainScheme, ScramScheme, CramMd5Scheme {

    /** The encoding used when the stored value carries no {@code .B64}/{@code .HEX} suffix. */
    Encoding defaultEncoding();

    /**
     * The exact decoded length of the raw value when it is fixed (unsalted digests), else 0. Dovecot
     * accepts such values in hex even without a {@code .HEX} suffix, and so do we.
     */
    default int fixedRawLength() {
        return 0;
    }

    /**
     * Checks the decoded stored value and prepares it for verification.
     *
     * @param name the scheme name as written in the stored hash, for error messages
     * @throws UnsupportedSchemeException saying what is malformed
     */
    StoredPassword parse(String name, byte[] raw);

    /** Whether checking a password costs work on purpose (a key-derivation function), not one digest. */
    default boolean deliberatelySlow() {
        return false;
    }
}
