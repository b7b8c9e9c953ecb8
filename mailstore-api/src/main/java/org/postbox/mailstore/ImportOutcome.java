package org.postbox.mailstore;

import java.util.Objects;

/** What became of one message of an import batch ({@link MailboxImport#add}). */
public sealed interface ImportOutcome {

    /** The message's UIDL, as given. */
    String uidl();

    /**
     * Stored, listed with its UIDL after everything the maildrop held before, and counted in the
     * mailbox's usage.
     *
     * @param storedOctets the octets stored, equal to the expected size
     */
    record Imported(String uidl, long storedOctets) implements ImportOutcome {
        public Imported {
            Objects.requireNonNull(uidl, "uidl");
        }
    }

    /**
     * Skipped: the mailbox answers this UIDL already, for a message imported by an earlier run (an
     * interrupted import run again) or any other message. The source was not read.
     */
    record AlreadyPresent(String uidl) implements ImportOutcome {
        public AlreadyPresent {
            Objects.requireNonNull(uidl, "uidl");
        }
    }

    /** Not imported, for {@code problem}; nothing of it is in the store, and its source is as it was. */
    record Refused(String uidl, Problem problem, String detail) implements ImportOutcome {
        public Refused {
            Objects.requireNonNull(uidl, "uidl");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a message was refused. */
    enum Problem {
        /** An earlier message of the same batch has this UIDL: the source lists two messages under one UIDL. */
        DUPLICATE_UIDL,
        /**
         * The UIDL has the form of the UIDLs this store gives its own messages in this mailbox, so
         * a message delivered later could be given it too.
         */
        RESERVED_UIDL,
        /** The source file does not have the expected size, or changed while it was read. */
        SIZE_MISMATCH,
        /** With {@link MailboxImport.Verification#DIGEST}: the stored content's SHA-256 is not the source's. */
        DIGEST_MISMATCH,
        /** The source file is missing, no regular file, or cannot be read. */
        UNREADABLE_SOURCE,
        /**
         * {@link ImportedMessage.Transfer#LINK}: the store cannot link the file, for example because
         * it is on another file system; {@link ImportedMessage.Transfer#COPY} can import it.
         */
        LINK_IMPOSSIBLE
    }
}
