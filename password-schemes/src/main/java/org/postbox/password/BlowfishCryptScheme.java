package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** {@code BLF-CRYPT}: OpenBSD bcrypt, {@code $2a$}, {@code $2b$} or {@code $2y$} with a cost of 4 to 31. */
final class BlowfishCryptScheme implements Scheme {
    private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$([0-9]{2})\\$[./0-9A-Za-z]{53}");

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
        Matcher m = FORMAT.matcher(stored);
        if (!m.matches()) {
            throw new UnsupportedSchemeException(name
                    + ": expected $2a$, $2b$ or $2y$, a two-digit cost, '$' and 53 characters from [./0-9A-Za-z]");
        }
        int cost = Integer.parseInt(m.group(1));
        if (cost < 4 || cost > 31) {
            throw new UnsupportedSchemeException(name + ": cost " + cost + " is outside 4..31");
        }
        // Bouncy Castle compares in constant time and truncates at 72 octets like OpenBSD.
        return password -> OpenBSDBCrypt.checkPassword(stored, password);
    }
}
