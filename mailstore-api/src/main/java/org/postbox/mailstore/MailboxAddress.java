package org.postbox.mailstore;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mailbox's full address, {@code local@domain}, normalised to lower case. This is the login
 * name of POP3 users and the key of every store operation.
 */
public record MailboxAddress(String localPart, String domain) {

    // Conservative dot-atom local parts: what hosting panels allow and what is safe as a
    // directory name (no '/', no leading dot, no "..").
    private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9!#$%&'*+=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+=?^_`{|}~-]+)*");

    public MailboxAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        localPart = localPart.toLowerCase(Locale.ROOT);
        domain = DomainName.normalise(domain);
        if (localPart.length() > 64 || !LOCAL_PART.matcher(localPart).matches()) {
            throw new IllegalArgumentException("invalid local part '" + localPart
                    + "': use letters, digits and !#$%&'*+=?^_`{|}~- separated by single dots, at most 64 characters");
        }
    }

    /** Parses {@code local@domain}; throws {@link IllegalArgumentException} with a readable reason. */
    public static MailboxAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("invalid address '" + address + "': expected local@domain");
        }
        return new MailboxAddress(address.substring(0, at), address.substring(at + 1));
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
