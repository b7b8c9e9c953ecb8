package org.postbox.pop3.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The arguments of {@code AUTH} (RFC 5034) and {@code LANG} (RFC 6856), for {@link CommandParser}. */
final class ExtensionArguments {

    /** RFC 4422 section 3.1: a mechanism name is 1 to 20 of A-Z, 0-9, "-" and "_". */
    private static final int MAX_MECHANISM_LENGTH = 20;

    private ExtensionArguments() {
    }

    /** {@code AUTH mechanism [initial-response]}. */
    static Pop3Request auth(List<String> arguments) {
        if (arguments.isEmpty()) {
            return new InvalidRequest("AUTH", "AUTH needs a mechanism name; CAPA lists them on the SASL line");
        }
        if (arguments.size() > 2) {
            return new InvalidRequest("AUTH", "too many arguments to AUTH");
        }
        String mechanism = arguments.get(0).toUpperCase(Locale.ROOT);
        if (!isMechanismName(mechanism)) {
            return new InvalidRequest("AUTH", "invalid SASL mechanism name");
        }
        if (arguments.size() == 1) {
            return new Pop3Command.Auth(mechanism, Optional.empty());
        }
        String initial = arguments.get(1);
        if (!initial.equals("=") && SaslBase64.decode(initial).isEmpty()) {
            return new InvalidRequest("AUTH", "the initial response is not valid base64");
        }
        return new Pop3Command.Auth(mechanism, Optional.of(initial));
    }

    /** {@code LANG [lang-range]}: "*" or a basic language range (RFC 4647 section 2.1). */
    static Pop3Request lang(List<String> arguments) {
        if (arguments.isEmpty()) {
            return new Pop3Command.Lang(Optional.empty());
        }
        if (arguments.size() > 1) {
            return new InvalidRequest("LANG", "too many arguments to LANG");
        }
        String range = arguments.get(0);
        if (!range.equals("*") && !isLanguageRange(range)) {
            return new InvalidRequest("LANG", "invalid language range");
        }
        return new Pop3Command.Lang(Optional.of(range.toLowerCase(Locale.ROOT)));
    }

    private static boolean isMechanismName(String name) {
        if (name.isEmpty() || name.length() > MAX_MECHANISM_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** 1*8ALPHA *("-" 1*8alphanum). */
    private static boolean isLanguageRange(String range) {
        String[] parts = range.split("-", -1);
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (part.isEmpty() || part.length() > 8) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                boolean alpha = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
                boolean digit = c >= '0' && c <= '9';
                if (!(alpha || p > 0 && digit)) {
                    return false;
                }
            }
        }
        return true;
    }
}
