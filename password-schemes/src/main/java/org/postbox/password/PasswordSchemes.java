package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Password hashes in Dovecot's {@code {SCHEME}value} syntax, so that a Dovecot passwd-file can be
 * used as it is and ours can be handed to Dovecot.
 *
 * <p>New hashes are {@code ARGON2ID} with Dovecot's default cost (64 MiB, 3 passes, one lane,
 * 16-octet salt, 32-octet hash), unless {@link #hash(String, String)} is asked for
 * {@code SCRAM-SHA-256} (which the SCRAM-SHA-256 SASL mechanism needs, see {@link StoredCredentials})
 * or {@code CRAM-MD5}; passwords that Postbox itself draws at random ({@link GeneratedPassword})
 * are stored as {@code SSHA512}. Verification understands ARGON2ID, ARGON2I, SHA512-CRYPT, SHA256-CRYPT,
 * BLF-CRYPT, MD5-CRYPT, SSHA512, SSHA256, SSHA, SHA512, SHA256, SHA (alias SHA1), SCRAM-SHA-256,
 * CRAM-MD5, PLAIN and CLEAR (alias CLEARTEXT). Scheme names are case-insensitive. Any scheme takes Dovecot's
 * {@code .B64}/{@code .BASE64} or {@code .HEX} suffix, meaning the value is the scheme's usual value
 * in that encoding; the digest schemes default to base64 and also accept bare hex of the right
 * length, as Dovecot does. A value without a {@code {SCHEME}} prefix is refused rather than guessed.
 *
 * <p>Passwords are compared as their UTF-8 octets.
 */
public final class PasswordSchemes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Argon2Scheme ARGON2ID = Argon2Scheme.argon2id();
    private static final PlainScheme PLAIN = new PlainScheme();
    private static final DigestScheme SHA1 = new DigestScheme("SHA-1", false);
    private static final DigestScheme SSHA512 = new DigestScheme("SHA-512", true);
    private static final int SSHA512_SALT_LENGTH = 16;

    private static final Map<String, Scheme> SCHEMES = Map.ofEntries(
            Map.entry("ARGON2ID", ARGON2ID),
            Map.entry("ARGON2I", Argon2Scheme.argon2i()),
            Map.entry("SHA512-CRYPT", ShaCryptScheme.sha512()),
            Map.entry("SHA256-CRYPT", ShaCryptScheme.sha256()),
            Map.entry("BLF-CRYPT", new BlowfishCryptScheme()),
            Map.entry("MD5-CRYPT", new Md5CryptScheme()),
            Map.entry("SSHA512", SSHA512),
            Map.entry("SSHA256", new DigestScheme("SHA-256", true)),
            Map.entry("SSHA", new DigestScheme("SHA-1", true)),
            Map.entry("SHA512", new DigestScheme("SHA-512", false)),
            Map.entry("SHA256", new DigestScheme("SHA-256", false)),
            Map.entry("SHA", SHA1),
            Map.entry("SHA1", SHA1),
            Map.entry("SCRAM-SHA-256", new ScramScheme()),
            Map.entry("CRAM-MD5", new CramMd5Scheme()),
            Map.entry("PLAIN", PLAIN),
            Map.entry("CLEAR", PLAIN),
            Map.entry("CLEARTEXT", PLAIN));

    private PasswordSchemes() {
    }

    /**
     * A new {@code {ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>} for {@code password},
     * with a fresh random salt. Deliberately slow (a fraction of a second) and uses 64 MiB while it runs.
     */
    public static String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[Argon2Scheme.SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return "{ARGON2ID}" + ARGON2ID.encode(password.getBytes(StandardCharsets.UTF_8), salt);
    }

    /** The schemes {@link #hash(String, String)} can write. */
    public static final java.util.List<String> WRITABLE = java.util.List.of("ARGON2ID", "SCRAM-SHA-256", "CRAM-MD5");

    /**
     * A new hash of {@code password} in {@code scheme}, one of {@link #WRITABLE} (any case):
     * {@code ARGON2ID} as {@link #hash(String)}; {@code SCRAM-SHA-256} as
     * {@code {SCRAM-SHA-256}4096,<salt>,<StoredKey>,<ServerKey>} with a fresh 16-octet salt and the
     * password prepared with SASLprep; {@code CRAM-MD5} as Dovecot's hex HMAC-MD5 context (weak:
     * anyone who reads it can log in with CRAM-MD5, so only for clients that have nothing better).
     *
     * @throws UnsupportedSchemeException if {@code scheme} is not one of {@link #WRITABLE}
     */
    public static String hash(String password, String scheme) {
        Objects.requireNonNull(password, "password");
        switch (scheme.toUpperCase(Locale.ROOT)) {
            case "ARGON2ID":
                return hash(password);
            case "SCRAM-SHA-256":
                byte[] salt = new byte[ScramCredential.SALT_LENGTH];
                RANDOM.nextBytes(salt);
                return ScramCredential.derive(password, salt, ScramCredential.DEFAULT_ITERATIONS).stored();
            case "CRAM-MD5":
                return "{CRAM-MD5}" + java.util.HexFormat.of().formatHex(CramMd5.context(password.getBytes(StandardCharsets.UTF_8)));
            default:
                throw new UnsupportedSchemeException("new passwords can be stored as " + String.join(", ", WRITABLE)
                        + ", not " + printable(scheme));
        }
    }

    /**
     * A {@code {SSHA512}} hash (SHA-512 over the password and a fresh 16-octet salt, base64, as
     * Dovecot writes it) of a secret that {@link GeneratedPassword} drew at random. Fast on purpose:
     * a slow hash only protects secrets that can be guessed, and a login may check several
     * generated ones. Never for a password a person chose.
     */
    static String hashGenerated(String secret) {
        byte[] salt = new byte[SSHA512_SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return "{SSHA512}" + SSHA512.encode(secret.getBytes(StandardCharsets.UTF_8), salt);
    }

    /**
     * Whether {@code password} matches the {@code stored} hash. Comparison time does not depend on
     * where the password differs.
     *
     * @return false when the password does not match
     * @throws UnsupportedSchemeException if the scheme is missing or unknown or the value is malformed
     */
    public static boolean verify(String stored, String password) {
        Objects.requireNonNull(password, "password");
        return parse(stored).matches(password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether checking a password against {@code stored} is slow on purpose: ARGON2ID, ARGON2I,
     * SHA512-CRYPT, SHA256-CRYPT, BLF-CRYPT and SCRAM-SHA-256 (key-derivation functions, from
     * milliseconds to a good fraction of a second), as opposed to one digest (PLAIN, SSHA512,
     * CRAM-MD5, ...). False for a value that cannot be checked at all, which fails at once.
     */
    public static boolean isDeliberatelySlow(String stored) {
        try {
            return decode(stored).scheme().deliberatelySlow();
        } catch (UnsupportedSchemeException e) {
            return false;
        }
    }

    /** Whether {@code stored} names a known scheme and is well-formed for it, i.e. {@link #verify} will not throw. */
    public static boolean isSupported(String stored) {
        try {
            parse(stored);
            return true;
        } catch (UnsupportedSchemeException e) {
            return false;
        }
    }

    private static StoredPassword parse(String stored) {
        Decoded decoded = decode(stored);
        return decoded.scheme().parse(decoded.label(), decoded.raw());
    }

    /** A stored value split into its scheme and the scheme's raw value (encoding undone). */
    record Decoded(String name, String label, Scheme scheme, byte[] raw) {
    }

    static Decoded decode(String stored) {
        Objects.requireNonNull(stored, "stored");
        int close = stored.indexOf('}');
        if (!stored.startsWith("{") || close < 0) {
            throw new UnsupportedSchemeException("the password hash has no {SCHEME} prefix");
        }
        String label = stored.substring(1, close).toUpperCase(Locale.ROOT);
        String payload = stored.substring(close + 1);

        String name = label;
        Encoding encoding = null;
        int dot = label.lastIndexOf('.');
        if (dot >= 0) {
            name = label.substring(0, dot);
            encoding = suffix(label, label.substring(dot + 1));
        }
        Scheme scheme = SCHEMES.get(name);
        if (scheme == null) {
            throw new UnsupportedSchemeException("unknown password scheme " + printable(name));
        }
        if (encoding == null) {
            encoding = scheme.defaultEncoding();
            if (scheme.fixedRawLength() > 0 && payload.length() == 2 * scheme.fixedRawLength()
                    && Encoding.isHex(payload)) {
                encoding = Encoding.HEX;
            }
        }
        return new Decoded(name, label, scheme, encoding.decode(label, payload));
    }

    private static Encoding suffix(String label, String suffix) {
        switch (suffix) {
            case "B64":
            case "BASE64":
                return Encoding.BASE64;
            case "HEX":
                return Encoding.HEX;
            default:
                throw new UnsupportedSchemeException("unknown encoding suffix in password scheme " + printable(label)
                        + "; use .B64 or .HEX");
        }
    }

    /** The scheme label for a message: it is not the secret, but it may be garbage from a broken file. */
    private static String printable(String label) {
        String shown = label.length() > 40 ? label.substring(0, 40) + "..." : label;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> out.appendCodePoint(c >= 0x20 && c < 0x7f ? c : '?'));
        return out.append('\'').toString();
    }
}
