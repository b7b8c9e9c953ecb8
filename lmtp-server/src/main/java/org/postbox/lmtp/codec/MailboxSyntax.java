package org.postbox.lmtp.codec;

import java.util.regex.Pattern;

/**
 * The RFC 5321 section 4.1.2 grammar of paths and mailboxes, as far as the codec checks it:
 * {@code Local-part "@" ( Domain / address-literal )} with a dot-string or quoted-string local
 * part, within the length limits of section 4.5.3.1.
 */
final class MailboxSyntax {

    /** RFC 5321 section 4.5.3.1.1 and 4.5.3.1.2. */
    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 255;

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
    private static final Pattern DOT_STRING = Pattern.compile(ATEXT + "+(\\." + ATEXT + "+)*");
    // Underscores are not LDH, but real host names carry them; refusing them would only refuse mail.
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("\\[[\\x21-\\x5A\\x5E-\\x7E]+]");

    private MailboxSyntax() {
    }

    /** A domain or an address literal such as {@code [192.0.2.1]} or {@code [IPv6:::1]}. */
    static boolean isDomainOrLiteral(String text) {
        if (text.isEmpty() || text.length() > MAX_DOMAIN) {
            return false;
        }
        return DOMAIN.matcher(text).matches() || ADDRESS_LITERAL.matcher(text).matches();
    }

    static boolean isMailbox(String mailbox) {
        int at = separatingAt(mailbox);
        if (at <= 0 || at == mailbox.length() - 1) {
            return false;
        }
        String local = mailbox.substring(0, at);
        return local.length() <= MAX_LOCAL_PART
                && (DOT_STRING.matcher(local).matches() || isQuotedString(local))
                && isDomainOrLiteral(mailbox.substring(at + 1));
    }

    /**
     * Removes a source route ({@code @one.example,@two.example:}), which RFC 5321 section 4.1.1.3
     * says to accept and ignore. Returns null when the route is malformed.
     */
    static String withoutSourceRoute(String path) {
        if (!path.startsWith("@")) {
            return path;
        }
        int colon = path.indexOf(':');
        if (colon < 0) {
            return null;
        }
        for (String hop : path.substring(0, colon).split(",", -1)) {
            if (!hop.startsWith("@") || !isDomainOrLiteral(hop.substring(1))) {
                return null;
            }
        }
        return path.substring(colon + 1);
    }

    /** The '@' between local part and domain: the last one outside a quoted local part. */
    private static int separatingAt(String mailbox) {
        boolean quoted = false;
        int at = -1;
        for (int i = 0; i < mailbox.length(); i++) {
            char c = mailbox.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '@' && !quoted) {
                at = i;
            }
        }
        return quoted ? -1 : at;
    }

    private static boolean isQuotedString(String local) {
        if (local.length() < 2 || local.charAt(0) != '"' || local.charAt(local.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < local.length() - 1; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= local.length() - 1 || local.charAt(i) < 32 || local.charAt(i) > 126) {
                    return false;
                }
            } else if (c == '"' || c < 32 || c > 126) {
                return false;
            }
        }
        return true;
    }
}
