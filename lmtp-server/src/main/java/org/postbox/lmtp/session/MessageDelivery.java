package org.postbox.lmtp.session;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.postbox.lmtp.LmtpObserver;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.lmtp.codec.MessageEnd;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a message: one store delivery per accepted mailbox and one reply per accepted RCPT,
 * in RCPT order (RFC 2033 section 4.2), each reply sent as soon as its delivery is done. Each copy
 * gets its own trace headers ({@link TraceHeaders}), so each RCPT is a separate
 * {@link MailStore#deliver} call over the same spool file. Logs one line per RCPT.
 *
 * <p>A mailbox gets one copy of the message however many RCPTs lead to it: the same address
 * twice, an alias and one of its targets, two aliases sharing a target, or a catch-all and a
 * mailbox of its domain (an MTA that does not expand aliases itself sends such envelopes). A
 * RCPT whose mailboxes all have their copy already is answered with that copy's outcome.
 *
 * <p>Each delivery carries a {@link DeliveryKey} (unless the duplicate window is off): if the
 * daemon dies after a copy is stored but before its {@code 250} reaches the MTA, the MTA's retry
 * is answered {@code 250} without a second copy.
 */
final class MessageDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);

    private final MailStore store;
    private final OutcomeReplies replies;
    private final long maxMessageSize;
    private final LmtpObserver observer;

    MessageDelivery(MailStore store, OutcomeReplies replies, long maxMessageSize, LmtpObserver observer) {
        this.observer = observer;
        this.store = store;
        this.replies = replies;
        this.maxMessageSize = maxMessageSize;
    }

    void finish(MessageEnd end, LmtpSession session, ReplySink out) {
        if (session.state() != Phase.RECEIVING) {
            throw new IllegalStateException("end of message in phase " + session.state());
        }
        Transaction transaction = session.transaction();
        session.countMessage(end.octets());
        try {
            if (end.bareLfDotLine()) {
                // Refused whole rather than stored: the text after that dot line may be a forged
                // envelope and message (SMTP smuggling), and which end the sender meant is unknown.
                LOG.warn("refusing a message with a line of a single dot next to a bare LF (SMTP smuggling?)");
                answerEach(transaction, out, recipient ->
                        refuse(session, recipient, replies.bareLfDotLine(recipient.toString()), "ambiguous_end", end.octets()));
                return;
            }
            if (end.octets() > maxMessageSize) {
                answerEach(transaction, out, recipient ->
                        refuse(session, recipient, replies.messageTooLarge(recipient.toString()), "too_large", end.octets()));
                return;
            }
            Optional<SpoolFile> spool = transaction.finishedMessage();
            if (spool.isEmpty()) {
                answerEach(transaction, out, recipient ->
                        refuse(session, recipient, replies.temporaryFailure(recipient.toString()), "spool_failure", end.octets()));
                return;
            }
            TraceHeaders headers = new TraceHeaders(transaction.sender(), session.clientName().orElse("unknown"),
                    session.remote().getAddress(), session.settings().hostname(), session.id(), ZonedDateTime.now());
            Map<MailboxAddress, DeliveryOutcome.Delivered> stored = new HashMap<>();
            boolean severalRecipients = transaction.recipients().stream().distinct().count() > 1;
            answerEach(transaction, out, recipient -> {
                if (!out.connected()) {
                    // The MTA has no reply for this one and will send it again: storing it now makes a duplicate.
                    LOG.info("delivery rcpt={} outcome=not_attempted reason=connection_closed", recipient);
                    return null;
                }
                // Only an envelope of several recipients can lead to one mailbox twice: a single
                // one is spared the extra directory lookup.
                List<MailboxAddress> mailboxes = severalRecipients ? mailboxesOf(recipient) : List.of(recipient);
                return deliver(session, recipient, mailboxes, stored, headers.forRecipient(recipient), spool.get(),
                        keyOf(session, transaction.sender(), recipient, spool.get()));
            });
        } finally {
            session.discardTransaction();
        }
    }

    /**
     * Sends one reply per accepted RCPT, in RCPT order (RFC 2033 section 4.2), as soon as it is
     * known. A mailbox named in several RCPTs (the same address, or one differing only in case) is
     * handled once, by {@code firstAnswer}, and each of its RCPTs gets that reply: one copy stored,
     * as many replies as the MTA counts recipients. A null answer sends nothing for that RCPT.
     */
    private static void answerEach(Transaction transaction, ReplySink out,
                                   Function<MailboxAddress, LmtpReply> firstAnswer) {
        Map<MailboxAddress, LmtpReply> answered = new HashMap<>();
        for (MailboxAddress recipient : transaction.recipients()) {
            LmtpReply reply = answered.containsKey(recipient) ? answered.get(recipient) : firstAnswer.apply(recipient);
            answered.put(recipient, reply);
            if (reply != null) {
                out.send(reply);
            }
        }
    }

    /**
     * What makes a retry of this message to this recipient recognisable: the envelope and the
     * octets as received, not the trace headers, which differ from one attempt to the next.
     * Empty when the duplicate window is off.
     */
    private static Optional<DeliveryKey> keyOf(LmtpSession session, String sender, MailboxAddress recipient,
                                               SpoolFile spool) {
        Duration window = session.settings().duplicateWindow();
        return window.isZero() ? Optional.empty() : Optional.of(DeliveryKey.of(sender, recipient, spool.digest(), window));
    }

    /**
     * The mailboxes mail to {@code recipient} goes to ({@link org.postbox.mailstore.Directory#resolve}),
     * or the recipient itself when there are none or the directory cannot say now: the store's
     * delivery then answers for it (no such mailbox, or a temporary failure).
     */
    private List<MailboxAddress> mailboxesOf(MailboxAddress recipient) {
        try {
            List<MailboxAddress> mailboxes = store.directory().resolve(recipient);
            return mailboxes.isEmpty() ? List.of(recipient) : mailboxes;
        } catch (RuntimeException unresolved) {
            return List.of(recipient);
        }
    }

    /**
     * Delivers to those of {@code mailboxes} that have no copy in {@code stored} yet, and records
     * the copies made there. The outcome is delivered when every mailbox has its copy, else the
     * first failure (as the store answers for an alias).
     */
    private LmtpReply deliver(LmtpSession session, MailboxAddress recipient, List<MailboxAddress> mailboxes,
                              Map<MailboxAddress, DeliveryOutcome.Delivered> stored, byte[] header, SpoolFile spool,
                              Optional<DeliveryKey> key) {
        List<MailboxAddress> pending = mailboxes.stream().filter(mailbox -> !stored.containsKey(mailbox)).toList();
        long size = header.length + spool.size();
        if (pending.isEmpty()) {
            DeliveryOutcome.Delivered earlier = stored.get(mailboxes.get(0));
            LOG.info("delivery rcpt={} outcome=delivered size={} id={} (stored for an earlier recipient)", recipient, size,
                    earlier.uniqueId());
            return replies.forDelivery(earlier, recipient);
        }
        // Delivered to the mailboxes themselves when the recipient was resolved here; a lone
        // recipient goes to the store as it is, which resolves it.
        List<MailboxAddress> targets = mailboxes.equals(List.of(recipient)) ? mailboxes : pending;
        DeliveryOutcome outcome;
        long start = System.nanoTime();
        try {
            MessageSource copy = spool.withHeader(header);
            List<DeliveryOutcome> outcomes = key.isPresent() ? store.deliver(targets, copy, key.get())
                    : store.deliver(targets, copy);
            outcome = outcomes.size() == targets.size() ? combined(targets, outcomes, mailboxes, stored)
                    : new DeliveryOutcome.TemporaryFailure("the store answered " + outcomes.size() + " outcomes for "
                            + targets.size() + " mailboxes");
        } catch (RuntimeException failure) {
            // The contract says deliver() does not throw; a store that does fails this recipient only.
            LOG.warn("delivery to {} failed: {}", recipient, failure.toString());
            outcome = new DeliveryOutcome.TemporaryFailure(failure.toString());
        }
        long elapsed = Math.max(1, System.nanoTime() - start);
        observer.delivery(resultOf(outcome), size, elapsed);
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            LOG.info("delivery rcpt={} outcome=delivered size={} id={}", recipient, size, delivered.uniqueId());
        } else {
            LOG.info("delivery rcpt={} outcome={} size={} reason=\"{}\"", recipient, resultOf(outcome), size, reason(outcome));
        }
        session.countDelivery(outcome instanceof DeliveryOutcome.Delivered);
        return replies.forDelivery(outcome, recipient);
    }

    /**
     * Records each copy stored now in {@code stored} and answers for all of {@code mailboxes}:
     * delivered (the first copy's id) when each has its copy, else the first failure.
     */
    private static DeliveryOutcome combined(List<MailboxAddress> targets, List<DeliveryOutcome> outcomes,
                                            List<MailboxAddress> mailboxes,
                                            Map<MailboxAddress, DeliveryOutcome.Delivered> stored) {
        for (int i = 0; i < targets.size(); i++) {
            if (outcomes.get(i) instanceof DeliveryOutcome.Delivered delivered) {
                stored.put(targets.get(i), delivered);
            }
        }
        if (targets.size() == 1 && mailboxes.size() == 1) {
            return outcomes.get(0);
        }
        for (DeliveryOutcome outcome : outcomes) {
            if (!(outcome instanceof DeliveryOutcome.Delivered)) {
                return outcome;
            }
        }
        return stored.get(mailboxes.get(0));
    }

    private LmtpReply refuse(LmtpSession session, MailboxAddress recipient, LmtpReply reply, String outcome, long size) {
        LOG.info("delivery rcpt={} outcome={} size={}", recipient, outcome, size);
        observer.delivery(outcome, size, 0);
        session.countDelivery(false);
        return reply;
    }

    /** The result as the log and the metrics name it ({@link LmtpObserver#delivery}). */
    private static String resultOf(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Delivered) {
            return "delivered";
        }
        if (outcome instanceof DeliveryOutcome.NoSuchMailbox) {
            return "no_such_mailbox";
        }
        if (outcome instanceof DeliveryOutcome.OverQuota) {
            return "over_quota";
        }
        if (outcome instanceof DeliveryOutcome.Suspended) {
            return "suspended";
        }
        return "temporary_failure";
    }

    private static String reason(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.OverQuota overQuota) {
            return overQuota.reason();
        }
        if (outcome instanceof DeliveryOutcome.TemporaryFailure failure) {
            return failure.reason();
        }
        if (outcome instanceof DeliveryOutcome.StoreFull full) {
            return full.reason();
        }
        return "-";
    }
}
