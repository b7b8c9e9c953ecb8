package org.postbox.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host names as TLS certificates are chosen by: DNS names in ASCII, optionally {@code *.} wildcards. */
final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private HostNames() {
    }

    /** Lower-cases {@code text} and checks it is a host name or a {@code *.} wildcard; errors name {@code key}. */
    static String normalise(String key, String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        String rest = name.startsWith("*.") ? name.substring(2) : name;
        String[] labels = rest.split("\\.", -1);
        boolean valid = !rest.isEmpty() && rest.length() <= 253 && (labels.length >= 2 || rest.equals(name));
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new ConfigException(key, "'" + text + "' is not a host name; write one such as mail.example.com"
                    + " or *.example.com (international names in their xn-- form)");
        }
        return name;
    }
}
