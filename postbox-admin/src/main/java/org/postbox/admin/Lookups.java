package org.postbox.admin;

import java.util.Optional;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchAliasException;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;

/** Finding one domain, mailbox or alias, with the error messages every operation gives for a missing one. */
final class Lookups {
    private Lookups() {
    }

    static Optional<Domain> findDomain(Directory directory, String domain) {
        String name = DomainName.normalise(domain);
        return directory.domains().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    static Domain domain(Directory directory, String domain) {
        return findDomain(directory, domain).orElseThrow(() -> noDomain(DomainName.normalise(domain)));
    }

    static NoSuchDomainException noDomain(String domain) {
        return new NoSuchDomainException("no domain " + domain);
    }

    static Optional<Mailbox> findMailbox(Directory directory, MailboxAddress address) {
        if (findDomain(directory, address.domain()).isEmpty()) {
            return Optional.empty();
        }
        return directory.mailboxes(Optional.of(address.domain())).stream()
                .filter(m -> m.address().equals(address)).findFirst();
    }

    static Mailbox mailbox(Directory directory, MailboxAddress address) {
        return findMailbox(directory, address).orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address));
    }

    static Optional<Alias> findAlias(Directory directory, AliasName name) {
        if (findDomain(directory, name.domain()).isEmpty()) {
            return Optional.empty();
        }
        return directory.aliases(name.domain()).stream().filter(a -> a.name().equals(name)).findFirst();
    }

    static Alias alias(Directory directory, AliasName name) {
        return findAlias(directory, name).orElseThrow(() -> new NoSuchAliasException(
                name.isCatchAll() ? "no catch-all for domain " + name.domain() : "no alias " + name));
    }
}
