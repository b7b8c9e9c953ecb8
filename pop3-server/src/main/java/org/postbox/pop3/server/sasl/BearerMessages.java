package org.postbox.pop3.server.sasl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The client messages of OAUTHBEARER (RFC 7628 section 3.1) and XOAUTH2 (Google's format):
 *
 * <pre>
 *   OAUTHBEARER: n,a=user@example.com,^Ahost=mail.example.com^Aport=110^Aauth=Bearer &lt;token&gt;^A^A
 *   XOAUTH2:     user=user@example.com^Aauth=Bearer &lt;token&gt;^A^A
 * </pre>
 *
 * where {@code ^A} is the octet 0x01.
 */
final class BearerMessages {

    private static final char KVSEP = '\u0001';

    private BearerMessages() {
    }

    /**
     * @param user  the identity the client names (OAUTHBEARER's {@code a=}, XOAUTH2's {@code user=}), if any
     * @param token the bearer token
     */
    record BearerRequest(Optional<String> user, String token) {
        @Override
        public String toString() {
            return "BearerRequest[" + user.orElse("") + ", ***]";
        }
    }

    /** The OAUTHBEARER client response; empty when malformed. */
    static Optional<BearerRequest> oauthBearer(byte[] message) {
        Optional<String> text = Utf8.decode(message);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.get();
        int firstComma = s.indexOf(',');
        int secondComma = firstComma < 0 ? -1 : s.indexOf(',', firstComma + 1);
        if (secondComma < 0) {
            return Optional.empty();
        }
        String flag = s.substring(0, firstComma);
        if (!flag.equals("n") && !flag.equals("y")) {
            return Optional.empty();
        }
        String authzidPart = s.substring(firstComma + 1, secondComma);
        Optional<String> user = Optional.empty();
        if (!authzidPart.isEmpty()) {
            if (!authzidPart.startsWith("a=")) {
                return Optional.empty();
            }
            user = ScramMessages.saslName(authzidPart.substring(2));
            if (user.isEmpty()) {
                return Optional.empty();
            }
        }
        String rest = s.substring(secondComma + 1);
        if (rest.isEmpty() || rest.charAt(0) != KVSEP) {
            return Optional.empty();
        }
        Optional<String> named = user;
        return pairs(rest.substring(1)).flatMap(p -> bearer(p.get("auth"))).map(token -> new BearerRequest(named, token));
    }

    /** The XOAUTH2 client response; empty when malformed. */
    static Optional<BearerRequest> xoauth2(byte[] message) {
        Optional<Map<String, String>> pairs = Utf8.decode(message).flatMap(BearerMessages::pairs);
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> user = Optional.ofNullable(pairs.get().get("user")).filter(u -> !u.isEmpty());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return bearer(pairs.get().get("auth")).map(token -> new BearerRequest(user, token));
    }

    /** Whether {@code message} is the lone 0x01 a client sends to end a failed exchange (RFC 7628 section 3.2.3). */
    static boolean isErrorAcknowledgement(byte[] message) {
        return message.length == 1 && message[0] == KVSEP;
    }

    /** {@code *(key "=" value ^A) ^A}: the whole rest, ending in an empty pair. */
    private static Optional<Map<String, String>> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int at = 0;
        while (true) {
            int end = text.indexOf(KVSEP, at);
            if (end < 0) {
                return Optional.empty();
            }
            if (end == at) {
                // The terminating empty pair must end the message.
                return end == text.length() - 1 ? Optional.of(pairs) : Optional.empty();
            }
            String pair = text.substring(at, end);
            int equals = pair.indexOf('=');
            if (equals < 1 || !isKey(pair.substring(0, equals)) || !isValue(pair.substring(equals + 1))) {
                return Optional.empty();
            }
            if (pairs.putIfAbsent(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                return Optional.empty();
            }
            at = end + 1;
        }
    }

    private static boolean isKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * value = *(VCHAR / SP / HTAB / CR / LF) in RFC 7628; beyond ASCII too, since XOAUTH2 puts the
     * user name, which may be UTF-8, in a value.
     */
    private static boolean isValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** {@code Bearer <token>} (RFC 6750 section 2.1), the scheme in any case. */
    private static Optional<String> bearer(String auth) {
        if (auth == null || auth.length() <= 7 || !auth.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String token = auth.substring(7).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? Optional.empty() : Optional.of(token);
    }
}
