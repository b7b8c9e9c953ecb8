package org.postbox.cli.transfer;

import java.util.Objects;

/**
 * One entry of the final report of an import or a migration: something not taken over, or taken
 * over differently from the source, with the reason in words an administrator can act on.
 *
 * @param kind    what it means for the mailbox's users
 * @param subject what it concerns: a mailbox address, a source file (with its line), a message file
 * @param reason  why, and what to do about it when there is something to do
 */
public record Finding(Kind kind, String subject, String reason) {

    /** The kinds of findings, in the order the report lists them. */
    public enum Kind {
        /** Not imported: a mailbox, a message or a source line is missing from the store. */
        NOT_IMPORTED,
        /** Not imported for now (a mailbox in use, say): running the same command again takes it over. */
        RETRY,
        /** Imported with a new UIDL after clients had seen the old one: they will fetch it again. */
        REFETCH,
        /** Imported with a locked password: set one with {@code postbox mailbox passwd}. */
        PASSWORD,
        /** Imported, with something to know. */
        WARNING
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return subject + ": " + reason;
    }
}
