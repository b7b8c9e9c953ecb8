package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where what the store says of a recipient becomes an LMTP reply, at RCPT time
 * ({@link RecipientVerdict}) and after the message ({@link DeliveryOutcome}), with RFC 3463
 * codes. Texts are fixed: never an exception message, never a file name.
 */
public final class OutcomeReplies {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeReplies.class);

    private final boolean overQuotaTemporary;

    /** @param overQuotaTemporary {@code 452 4.2.2} for a full mailbox instead of {@code 552 5.2.2} */
    public OutcomeReplies(boolean overQuotaTemporary) {
        this.overQuotaTemporary = overQuotaTemporary;
    }

    /** The reply to {@code RCPT TO:<recipient>}. */
    public LmtpReply forRecipient(RecipientVerdict verdict, String recipient) {
        if (verdict instanceof RecipientVerdict.Accepted) {
            return LmtpReply.of(250, "2.1.5", "OK");
        }
        if (verdict instanceof RecipientVerdict.InvalidAddress) {
            return LmtpReply.of(501, "5.1.3", "<" + recipient + "> is not a valid mailbox address");
        }
        if (verdict instanceof RecipientVerdict.NoSuchMailbox) {
            return noSuchMailbox(recipient);
        }
        if (verdict instanceof RecipientVerdict.Suspended) {
            return suspended(recipient);
        }
        if (verdict instanceof RecipientVerdict.OverQuota) {
            return overQuota(recipient);
        }
        if (verdict instanceof RecipientVerdict.Unavailable) {
            return temporaryFailure(recipient);
        }
        return unmapped(verdict, recipient);
    }

    /** The reply, after the message, for one accepted recipient. */
    public LmtpReply forDelivery(DeliveryOutcome outcome, MailboxAddress recipient) {
        String mailbox = recipient.toString();
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            return LmtpReply.of(250, "2.0.0", "<" + mailbox + "> delivered (" + delivered.uniqueId() + ")");
        }
        if (outcome instanceof DeliveryOutcome.NoSuchMailbox) {
            return noSuchMailbox(mailbox);
        }
        if (outcome instanceof DeliveryOutcome.OverQuota) {
            return overQuota(mailbox);
        }
        if (outcome instanceof DeliveryOutcome.Suspended) {
            return suspended(mailbox);
        }
        if (outcome instanceof DeliveryOutcome.TemporaryFailure) {
            return temporaryFailure(mailbox);
        }
        if (outcome instanceof DeliveryOutcome.StoreFull) {
            return LmtpReply.of(452, "4.3.1", "<" + mailbox + "> mail system full, try again later");
        }
        return unmapped(outcome, mailbox);
    }

    /** RFC 1870: the message (or its SIZE= estimate) is over the configured maximum. */
    public LmtpReply messageTooLarge(String recipient) {
        String who = recipient == null ? "" : "<" + recipient + "> ";
        return LmtpReply.of(552, "5.3.4", who + "message size exceeds fixed maximum message size");
    }

    /**
     * The message holds a line of a single dot next to a bare LF ({@link
     * org.postbox.lmtp.codec.MessageEnd#bareLfDotLine()}). Permanent: sending it again the same way
     * cannot succeed, and the MTA's bounce tells the sender why.
     */
    public LmtpReply bareLfDotLine(String recipient) {
        return LmtpReply.of(554, "5.5.2", "<" + recipient
                + "> message refused: a line of a single dot must be preceded and followed by <CRLF>");
    }

    /** The message could not be kept or stored for {@code recipient}; the MTA should retry. */
    public LmtpReply temporaryFailure(String recipient) {
        return LmtpReply.of(451, "4.3.0", "<" + recipient + "> temporary failure, try again later");
    }

    /**
     * A verdict or outcome this mapping does not know yet (the sealed types may grow before it
     * does): the MTA keeps the message and retries, which loses nothing.
     */
    private LmtpReply unmapped(Object what, String recipient) {
        LOG.error("no LMTP reply is defined for {}; answering {} with a temporary failure", what, recipient);
        return temporaryFailure(recipient);
    }

    /** The same reply whether the quota refused at RCPT time or at delivery. */
    private LmtpReply overQuota(String recipient) {
        return overQuotaTemporary
                ? LmtpReply.of(452, "4.2.2", "<" + recipient + "> mailbox is full, try again later")
                : LmtpReply.of(552, "5.2.2", "<" + recipient + "> mailbox is full");
    }

    private static LmtpReply suspended(String recipient) {
        return LmtpReply.of(550, "5.2.1", "<" + recipient + "> mailbox is suspended");
    }

    private static LmtpReply noSuchMailbox(String recipient) {
        return LmtpReply.of(550, "5.1.1", "<" + recipient + "> no such mailbox");
    }
}
