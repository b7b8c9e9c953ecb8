package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Md5Crypt;

/** {@code MD5-CRYPT} ({@code $1$}), Poul-Henning Kamp's MD5-based crypt. Weak; accepted only to migrate old accounts. */
final class Md5CryptScheme implements Scheme {
    private static final Pattern FORMAT = Pattern.compile("(\\$1\\$[./0-9A-Za-z]{1,8})\\$[./0-9A-Za-z]{22}");

    @Override
    public Encoding defaultEncoding() {
        return Encoding.NONE;
    }

    @Override
    public StoredPassword parse(String name, byte[] raw) {
        Matcher m = FORMAT.matcher(new String(raw, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            throw new UnsupportedSchemeException(name
                    + ": expected $1$salt$hash with a salt of 1 to 8 and a hash of 22 characters from [./0-9A-Za-z]");
        }
        String setting = m.group(1);
        return password -> MessageDigest.isEqual(raw,
                Md5Crypt.md5Crypt(password, setting).getBytes(StandardCharsets.ISO_8859_1));
    }
}
