package org.postbox.mailstore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A message to bring into a mailbox from another server, with the UIDL its POP3 clients know it by
 * ({@link MailboxImport#add}).
 *
 * @param source       the message as the old server stored it: one file, its bytes taken as they are
 *                     (line ends included, as for delivery)
 * @param uidl         the UIDL the old server answered for it, which the store answers from now on:
 *                     1 to 70 characters in 0x21..0x7E (RFC 1939 section 7), see {@link #isValidUidl}
 * @param expectedSize the octets of the source file as stored, as the old server's listing gives them
 *                     (Maildir's {@code S=} field, Courier's size list); not the POP3 size with CRLF
 *                     line ends. A message whose file has another length is refused, not imported
 * @param received     when the old server received it: the message's delivery time in the store
 * @param transfer     how the file reaches the store
 */
public record ImportedMessage(Path source, String uidl, long expectedSize, Instant received, Transfer transfer) {

    /** The longest UIDL RFC 1939 allows. */
    public static final int MAX_UIDL_LENGTH = 70;

    /** How a message's file reaches the store. */
    public enum Transfer {
        /** The source is read and copied; it is never changed. */
        COPY,
        /**
         * A file-based store links the source file into the mailbox (a hard link: no copy, and the
         * source keeps its name and content); refused per message with
         * {@link ImportOutcome.Problem#LINK_IMPOSSIBLE} where that cannot be done, for example across
         * file systems. A database store reads the file in, as for {@link #COPY}.
         */
        LINK,
        /**
         * As {@link #LINK} where possible, else as {@link #COPY}; then the source is removed, but
         * only once the message is safely in the store (durably, where the store syncs). A message
         * that is refused or skipped keeps its source.
         */
        MOVE
    }

    public ImportedMessage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(uidl, "uidl");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(transfer, "transfer");
        if (!isValidUidl(uidl)) {
            throw new IllegalArgumentException("invalid UIDL '" + uidl + "' of " + source
                    + ": RFC 1939 allows 1 to 70 characters from 0x21 to 0x7E");
        }
        if (expectedSize < 0) {
            throw new IllegalArgumentException("negative size " + expectedSize + " of " + source);
        }
    }

    /** Whether {@code uidl} is a UIDL that RFC 1939 allows: 1 to 70 characters from 0x21 to 0x7E. */
    public static boolean isValidUidl(String uidl) {
        if (uidl == null || uidl.isEmpty() || uidl.length() > MAX_UIDL_LENGTH) {
            return false;
        }
        for (int i = 0; i < uidl.length(); i++) {
            char c = uidl.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
