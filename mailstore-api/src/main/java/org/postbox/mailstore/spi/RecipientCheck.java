package org.postbox.mailstore.spi;

import java.util.Optional;

import org.postbox.mailstore.Account;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;

/**
 * The rule behind {@link Directory#deliveryRefusal}, from the directory's account and quota
 * answers: an unknown mailbox first, then a suspended one, then a full mailbox, then a full
 * domain. One rule, so that every backend refuses a recipient for the same reason.
 */
public final class RecipientCheck {

    private RecipientCheck() {
    }

    /** Why {@code directory} would refuse a delivery of about {@code octets} to {@code address} now. */
    public static Optional<DeliveryOutcome> refusal(Directory directory, MailboxAddress address, long octets) {
        Optional<Account> account = directory.account(address);
        if (account.isEmpty()) {
            return Optional.of(new DeliveryOutcome.NoSuchMailbox());
        }
        if (account.get().suspended()) {
            return Optional.of(new DeliveryOutcome.Suspended());
        }
        Optional<String> full;
        try {
            full = directory.mailboxQuota(address).refusal(octets)
                    .or(() -> directory.domainQuota(address.domain()).refusal(octets));
        } catch (NoSuchMailboxException | NoSuchDomainException e) {
            return Optional.of(new DeliveryOutcome.NoSuchMailbox()); // removed since the look-up
        }
        return full.map(DeliveryOutcome.OverQuota::new);
    }
}
