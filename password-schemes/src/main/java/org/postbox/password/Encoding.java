package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** How the stored text after {@code {SCHEME}} encodes the scheme's raw value (Dovecot's {@code .B64} / {@code .HEX}). */
enum Encoding {
    /** The text is the value itself (crypt strings, plain passwords). */
    NONE,
    /** Standard base64; padding may be omitted. */
    BASE64,
    /** Hexadecimal digits, either case. */
    HEX;

    byte[] decode(String scheme, String text) {
        switch (this) {
            case BASE64:
                try {
                    return Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new UnsupportedSchemeException(scheme + ": the stored value is not valid base64");
                }
            case HEX:
                if (!isHex(text)) {
                    throw new UnsupportedSchemeException(scheme + ": the stored value is not valid hexadecimal");
                }
                return HexFormat.of().parseHex(text);
            default:
                return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    static boolean isHex(String text) {
        if (text.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hexDigit = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!hexDigit) {
                return false;
            }
        }
        return true;
    }
}
