package org.postbox.lmtp.session;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipient checks against the store: the address must be a valid mailbox address
 * ({@link MailboxAddress#parse}) of an existing mailbox that is not suspended (nor its domain) and
 * has room, by its quota and its domain's, for a message of the {@code SIZE=} estimate (0 when the
 * client gave none, which still refuses a mailbox already at its message or storage limit). The
 * directory is asked on every call, so a change made by the CLI counts at once. The check reserves
 * nothing: delivery checks the quota again atomically.
 */
public final class StoreRecipientPolicy implements RecipientPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRecipientPolicy.class);

    private final MailStore store;

    public StoreRecipientPolicy(MailStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public RecipientVerdict check(String recipient, OptionalLong declaredSize) {
        MailboxAddress address;
        try {
            address = MailboxAddress.parse(recipient);
        } catch (IllegalArgumentException invalid) {
            return new RecipientVerdict.InvalidAddress(invalid.getMessage());
        }
        try {
            Optional<DeliveryOutcome> refusal = store.directory().deliveryRefusal(address, declaredSize.orElse(0));
            if (refusal.isEmpty()) {
                return new RecipientVerdict.Accepted(address);
            }
            DeliveryOutcome outcome = refusal.get();
            if (outcome instanceof DeliveryOutcome.OverQuota full) {
                LOG.info("refusing recipient {}: {}", address, full.reason());
                return new RecipientVerdict.OverQuota(full.reason());
            }
            if (outcome instanceof DeliveryOutcome.Suspended) {
                LOG.info("refusing recipient {}: suspended", address);
                return new RecipientVerdict.Suspended();
            }
            if (outcome instanceof DeliveryOutcome.NoSuchMailbox) {
                return new RecipientVerdict.NoSuchMailbox();
            }
            // Delivered and TemporaryFailure are not refusals the directory gives; if one ever
            // does, the MTA retrying loses nothing.
            LOG.warn("unexpected recipient check result for {}: {}", address, outcome);
            return new RecipientVerdict.Unavailable(outcome.toString());
        } catch (StoreException failure) {
            LOG.warn("cannot look up recipient {}: {}", address, failure.getMessage());
            return new RecipientVerdict.Unavailable(failure.getMessage());
        }
    }
}
