package org.postbox.pop3.server.sasl;

import java.util.Optional;

/**
 * The one message of PLAIN (RFC 4616 section 2): {@code [authzid] NUL authcid NUL passwd}, in
 * UTF-8, each part at most 255 octets, authcid and passwd not empty.
 *
 * <pre>
 *   "\0alice@example.com\0secret" -> PlainMessage["", alice@example.com, ***]
 * </pre>
 */
record PlainMessage(String authorizationId, String authenticationId, String password) {

    private static final int MAX_PART = 255;

    static Optional<PlainMessage> parse(byte[] message) {
        int first = indexOfNul(message, 0);
        int second = first < 0 ? -1 : indexOfNul(message, first + 1);
        if (second < 0 || indexOfNul(message, second + 1) >= 0) {
            return Optional.empty();
        }
        int authcidLength = second - first - 1;
        int passwordLength = message.length - second - 1;
        if (first > MAX_PART || authcidLength < 1 || authcidLength > MAX_PART || passwordLength < 1
                || passwordLength > MAX_PART) {
            return Optional.empty();
        }
        Optional<String> authzid = Utf8.decode(message, 0, first);
        Optional<String> authcid = Utf8.decode(message, first + 1, authcidLength);
        Optional<String> password = Utf8.decode(message, second + 1, passwordLength);
        if (authzid.isEmpty() || authcid.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PlainMessage(authzid.get(), authcid.get(), password.get()));
    }

    private static int indexOfNul(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "PlainMessage[" + authorizationId + ", " + authenticationId + ", ***]";
    }
}
