package org.postbox.pop3.server.sasl;

import java.util.Base64;
import java.util.Optional;

/**
 * The client's messages of SCRAM (RFC 5802 section 7), as the server reads them. Only what
 * SCRAM-SHA-256 without channel binding needs: a client that insists on channel binding
 * ({@code p=}) or on a mandatory extension ({@code m=}) is refused.
 *
 * <pre>
 *   client-first: n,,n=user,r=rOprNGfwEbeRWgbNEkqO
 *   client-final: c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=
 * </pre>
 */
final class ScramMessages {

    private ScramMessages() {
    }

    /**
     * @param gs2Header the GS2 header as sent, e.g. {@code n,,}; echoed base64-encoded in {@code c=}
     * @param authorizationId the {@code a=} identity, if any
     * @param user      the decoded {@code n=} name
     * @param nonce     the client's nonce
     * @param bare      client-first-message-bare, the part that enters the AuthMessage
     */
    record ClientFirst(String gs2Header, Optional<String> authorizationId, String user, String nonce, String bare) {
    }

    /**
     * @param channelBinding the {@code c=} value (base64)
     * @param nonce          the whole nonce, client's and server's part
     * @param proof          the decoded client proof
     * @param withoutProof   client-final-message-without-proof, for the AuthMessage
     */
    record ClientFinal(String channelBinding, String nonce, byte[] proof, String withoutProof) {
        @Override
        public String toString() {
            return "ClientFinal[" + nonce + "]";
        }
    }

    static Optional<ClientFirst> clientFirst(String message) {
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","
        int firstComma = message.indexOf(',');
        if (firstComma < 0) {
            return Optional.empty();
        }
        String flag = message.substring(0, firstComma);
        if (!flag.equals("n") && !flag.equals("y")) {
            // "p=..." asks for channel binding, which only the -PLUS mechanisms offer.
            return Optional.empty();
        }
        int secondComma = message.indexOf(',', firstComma + 1);
        if (secondComma < 0) {
            return Optional.empty();
        }
        String authzidPart = message.substring(firstComma + 1, secondComma);
        Optional<String> authzid = Optional.empty();
        if (!authzidPart.isEmpty()) {
            if (!authzidPart.startsWith("a=")) {
                return Optional.empty();
            }
            authzid = saslName(authzidPart.substring(2));
            if (authzid.isEmpty()) {
                return Optional.empty();
            }
        }
        String gs2Header = message.substring(0, secondComma + 1);
        String bare = message.substring(secondComma + 1);
        String[] attributes = bare.split(",", -1);
        // client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            return Optional.empty();
        }
        Optional<String> user = saslName(attributes[0].substring(2));
        String nonce = attributes[1].substring(2);
        if (user.isEmpty() || user.get().isEmpty() || !isPrintable(nonce) || nonce.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 2; i < attributes.length; i++) {
            if (!isExtension(attributes[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(new ClientFirst(gs2Header, authzid, user.get(), nonce, bare));
    }

    static Optional<ClientFinal> clientFinal(String message) {
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            return Optional.empty();
        }
        String withoutProof = message.substring(0, proofAt);
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            return Optional.empty();
        }
        String nonce = attributes[1].substring(2);
        if (nonce.isEmpty() || !isPrintable(nonce)) {
            return Optional.empty();
        }
        for (int i = 2; i < attributes.length; i++) {
            if (!isExtension(attributes[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(new ClientFinal(attributes[0].substring(2), nonce, proof, withoutProof));
    }

    /** saslname: "," and "=" only as =2C and =3D; no NUL. */
    static Optional<String> saslName(String text) {
        StringBuilder name = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' || c == ',') {
                return Optional.empty();
            }
            if (c == '=') {
                if (text.startsWith("=2C", i)) {
                    name.append(',');
                } else if (text.startsWith("=3D", i)) {
                    name.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else {
                name.append(c);
            }
        }
        return Optional.of(name.toString());
    }

    /** printable = %x21-2B / %x2D-7E: visible ASCII but ','. */
    private static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** An optional extension: a lower-case letter other than m, "=", a value. */
    private static boolean isExtension(String attribute) {
        return attribute.length() >= 2 && attribute.charAt(1) == '=' && attribute.charAt(0) >= 'a'
                && attribute.charAt(0) <= 'z' && attribute.charAt(0) != 'm';
    }
}
