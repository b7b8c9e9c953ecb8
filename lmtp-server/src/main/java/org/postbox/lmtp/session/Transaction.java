package org.postbox.lmtp.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.postbox.mailstore.MailboxAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mail transaction, from MAIL FROM to the replies after the message (or RSET, LHLO or the
 * end of the connection, which discard it): the envelope and the spooled message.
 */
final class Transaction {

    private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);

    private final String sender;
    private final OptionalLong declaredSize;
    private final List<MailboxAddress> recipients = new ArrayList<>();
    private SpoolFile spool;
    private boolean spoolFailed;

    /** The BODY= type is not kept: 7BIT and 8BITMIME messages are both stored as received. */
    Transaction(String sender, OptionalLong declaredSize) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.declaredSize = Objects.requireNonNull(declaredSize, "declaredSize");
    }

    /** The envelope sender; empty for the null reverse path. */
    String sender() {
        return sender;
    }

    /** The {@code SIZE=} estimate of MAIL FROM, if given. */
    OptionalLong declaredSize() {
        return declaredSize;
    }

    /**
     * Accepted recipients, in RCPT order, once per RCPT: a mailbox named twice is here twice
     * (it gets two replies after the message, and one copy).
     */
    List<MailboxAddress> recipients() {
        return recipients;
    }

    void addRecipient(MailboxAddress recipient) {
        recipients.add(recipient);
    }

    /** Opens the spool file for the message that follows DATA. */
    void beginMessage(Path spoolDirectory) throws IOException {
        spool = SpoolFile.create(spoolDirectory);
    }

    /**
     * Adds a piece of the message. A write failure (disk full) is remembered and the rest of the
     * message dropped: the client is still sending it, and learns the outcome after its end.
     */
    void append(byte[] octets) {
        if (spoolFailed || spool == null) {
            return;
        }
        try {
            spool.append(octets);
        } catch (IOException e) {
            LOG.warn("cannot write the message to the spool: {}", e.toString());
            spoolFailed = true;
            spool.delete();
        }
    }

    /** The complete message, unless writing it failed. */
    Optional<SpoolFile> finishedMessage() {
        return spoolFailed || spool == null ? Optional.empty() : Optional.of(spool);
    }

    /** Removes whatever was spooled. Idempotent. */
    void discard() {
        if (spool != null) {
            spool.delete();
            spool = null;
        }
    }
}
