package org.postbox.pop3.protocol;

import java.util.Base64;
import java.util.Optional;

/**
 * The base64 of SASL exchanges (RFC 5034 section 4, RFC 4648 section 4): the standard alphabet,
 * padded to a multiple of four characters, nothing else. Stricter than {@link Base64#getDecoder()},
 * which also takes unpadded text and non-zero unused bits; two spellings of one response would
 * only give fuzzers and attackers room, for no client's benefit.
 */
public final class SaslBase64 {

    private SaslBase64() {
    }

    /** Whether {@code text} is well-formed base64 (the empty text is: it stands for no octets). */
    public static boolean isWellFormed(String text) {
        int length = text.length();
        if (length % 4 != 0) {
            return false;
        }
        int padding = 0;
        if (length > 0 && text.charAt(length - 1) == '=') {
            padding = length > 1 && text.charAt(length - 2) == '=' ? 2 : 1;
        }
        for (int i = 0; i < length - padding; i++) {
            if (!isAlphabet(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The octets of well-formed base64, else empty. The text must also be the canonical encoding
     * of those octets (unused bits zero), so that each response has exactly one spelling.
     */
    public static Optional<byte[]> decode(String text) {
        if (!isWellFormed(text)) {
            return Optional.empty();
        }
        byte[] octets;
        try {
            octets = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return Base64.getEncoder().encodeToString(octets).equals(text) ? Optional.of(octets) : Optional.empty();
    }

    private static boolean isAlphabet(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }
}
