package org.postbox.lmtp.session;

import java.util.Objects;
import org.postbox.mailstore.MailboxAddress;

/**
 * What the {@link RecipientPolicy} says of one {@code RCPT TO} address. Mapped to a reply in
 * {@link OutcomeReplies} only.
 */
public sealed interface RecipientVerdict {

    /** A mailbox of this store that may receive the message now. */
    record Accepted(MailboxAddress mailbox) implements RecipientVerdict {
        public Accepted {
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** Not an address this store could hold ({@code 501 5.1.3}). */
    record InvalidAddress(String reason) implements RecipientVerdict {
    }

    /** No such mailbox ({@code 550 5.1.1}). */
    record NoSuchMailbox() implements RecipientVerdict {
    }

    /** The mailbox or its domain is suspended and takes no mail ({@code 550 5.2.1}). */
    record Suspended() implements RecipientVerdict {
    }

    /**
     * The mailbox or its domain has no room for the message as estimated ({@code 552 5.2.2}, or
     * {@code 452 4.2.2} when over-quota is configured as temporary).
     *
     * @param reason which limit, for the log; never sent to the client
     */
    record OverQuota(String reason) implements RecipientVerdict {
    }

    /** The store cannot tell now ({@code 451 4.3.0}); the MTA will try again. */
    record Unavailable(String reason) implements RecipientVerdict {
    }
}
