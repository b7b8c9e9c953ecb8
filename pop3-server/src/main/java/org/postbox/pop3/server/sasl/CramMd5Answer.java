package org.postbox.pop3.server.sasl;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The client's answer in CRAM-MD5 (RFC 2195 section 2): the user name, a space, and the
 * HMAC-MD5 digest as 32 lower-case hex digits.
 *
 * <pre>
 *   "tim b913a602c7eda7a495b4e6e7334d3890" -> CramMd5Answer[tim, ...]
 * </pre>
 */
record CramMd5Answer(String user, byte[] digest) {

    static Optional<CramMd5Answer> parse(byte[] message) {
        Optional<String> text = Utf8.decode(message);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.get();
        int space = s.lastIndexOf(' ');
        if (space < 1 || s.length() - space - 1 != 32) {
            return Optional.empty();
        }
        String hex = s.substring(space + 1);
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
        }
        return Optional.of(new CramMd5Answer(s.substring(0, space), HexFormat.of().parseHex(hex)));
    }

    @Override
    public String toString() {
        return "CramMd5Answer[" + user + "]";
    }
}
