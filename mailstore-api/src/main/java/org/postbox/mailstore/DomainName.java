package org.postbox.mailstore;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and normalisation of domain (tenant) names: lower-case LDH labels, as in DNS. */
public final class DomainName {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private DomainName() {
    }

    /** Returns the lower-cased name, or throws {@link IllegalArgumentException} saying what is wrong. */
    public static String normalise(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(lower).matches()) {
            throw new IllegalArgumentException("invalid domain '" + domain
                    + "': use DNS labels of letters, digits and '-' separated by dots");
        }
        return lower;
    }
}
