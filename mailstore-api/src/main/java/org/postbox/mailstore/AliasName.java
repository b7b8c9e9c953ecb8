package org.postbox.mailstore;

import java.util.Objects;
import java.util.Optional;

/**
 * The address an alias answers: {@code sales@example.com}, or {@code @example.com} for the
 * domain's catch-all, which takes the mail for every address of the domain that is neither a
 * mailbox nor an alias.
 *
 * @param localPart empty for the catch-all
 */
public record AliasName(Optional<String> localPart, String domain) {
    public AliasName {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        domain = DomainName.normalise(domain);
        // The same rules as a mailbox's address: an alias and a mailbox share one name space.
        localPart = localPart.map(local -> new MailboxAddress(local, "example.org").localPart());
    }

    public static AliasName of(MailboxAddress address) {
        return new AliasName(Optional.of(address.localPart()), address.domain());
    }

    public static AliasName catchAll(String domain) {
        return new AliasName(Optional.empty(), domain);
    }

    /**
     * Parses {@code local@domain} or {@code @domain}.
     *
     * @throws IllegalArgumentException with a message for the user if it is neither
     */
    public static AliasName parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith("@")) {
            return catchAll(text.substring(1));
        }
        return of(MailboxAddress.parse(text));
    }

    public boolean isCatchAll() {
        return localPart.isEmpty();
    }

    /** The address this alias answers, when it is not a catch-all. */
    public Optional<MailboxAddress> address() {
        return localPart.map(local -> new MailboxAddress(local, domain));
    }

    @Override
    public String toString() {
        return localPart.orElse("") + "@" + domain;
    }
}
