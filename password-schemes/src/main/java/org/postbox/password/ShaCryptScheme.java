package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/** {@code SHA256-CRYPT} ({@code $5$}) and {@code SHA512-CRYPT} ({@code $6$}), Ulrich Drepper's SHA-crypt, as glibc writes it. */
final class ShaCryptScheme implements Scheme {
    // glibc raises fewer rounds to 1000 and writes that, so a smaller stored value was not
    // produced by crypt(3). The upper bound is commons-codec's default cap, which keeps a stored
    // value from costing minutes of CPU per login.
    private static final long MIN_ROUNDS = 1000;
    private static final long MAX_ROUNDS = 1_000_000;
    // commons-codec refuses longer keys; no such password can have been accepted by us.
    private static final int MAX_PASSWORD_OCTETS = 4096;

    private final boolean sha512;
    private final Pattern format;

    private ShaCryptScheme(boolean sha512) {
        this.sha512 = sha512;
        int hashLength = sha512 ? 86 : 43;
        this.format = Pattern.compile("(\\$" + (sha512 ? 6 : 5) + "\\$(?:rounds=([0-9]{1,10})\\$)?[./0-9A-Za-z]{1,16})\\$[./0-9A-Za-z]{"
                + hashLength + "}");
    }

    static ShaCryptScheme sha256() {
        return new ShaCryptScheme(false);
    }

    static ShaCryptScheme sha512() {
        return new ShaCryptScheme(true);
    }

    @Override
    public boolean deliberatelySlow() {
        return true;
    }

    @Override
    public Encoding defaultEncoding() {
        return Encoding.NONE;
    }

    @Override
    public StoredPassword parse(String name, byte[] raw) {
        String stored = new String(raw, StandardCharsets.ISO_8859_1);
        Matcher m = format.matcher(stored);
        if (!m.matches()) {
            throw new UnsupportedSchemeException(name + ": expected $" + (sha512 ? 6 : 5)
                    + "$[rounds=N$]salt$hash with a salt of 1 to 16 and a hash of " + (sha512 ? 86 : 43)
                    + " characters from [./0-9A-Za-z]");
        }
        if (m.group(2) != null) {
            long rounds = Long.parseLong(m.group(2));
            if (rounds < MIN_ROUNDS || rounds > MAX_ROUNDS) {
                throw new UnsupportedSchemeException(name + ": rounds=" + rounds + " is outside " + MIN_ROUNDS + ".."
                        + MAX_ROUNDS);
            }
        }
        String setting = m.group(1);
        return password -> {
            if (password.length > MAX_PASSWORD_OCTETS) {
                return false;
            }
            String computed = sha512 ? Sha2Crypt.sha512Crypt(password, setting) : Sha2Crypt.sha256Crypt(password, setting);
            return MessageDigest.isEqual(raw, computed.getBytes(StandardCharsets.ISO_8859_1));
        };
    }
}
