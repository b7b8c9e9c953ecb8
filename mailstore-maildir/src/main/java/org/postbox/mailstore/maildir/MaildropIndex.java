package org.postbox.mailstore.maildir;

import java.time.Duration;
import java.time.Instant;

/**
 * What a maildrop's index file records: the messages as a scan found them, and the stamps of
 * {@code new/} and {@code cur/} that scan saw before it listed them, or that its own renames left.
 *
 * @param messages     in delivery order, with their places, sizes and ids
 * @param newStamp     {@code new/} as it was when its names were taken (or found unchanged)
 * @param curStamp     {@code cur/} likewise, or as the scan's own moves from {@code new/} left it
 * @param scanStart    when the scan began, before either stamp was taken
 * @param curRenamed   whether {@code curStamp} is the one the scan's own renames left (see {@link MoveToCur})
 *                     rather than one it saw before listing or keeping the names
 * @param curConfirmed with {@code curRenamed}: when a scan last saw {@code cur/}'s names for itself, by
 *                     listing them or under a settled stamp; else the scan start
 * @param mapping      the UIDL map applied to {@code messages}, with the stamp of the map file it was
 *                     worked out from; {@link UidlMapping#NONE} when there was no map
 */
record MaildropIndex(MaildropSnapshot messages, FolderStamp newStamp, FolderStamp curStamp, Instant scanStart,
                     boolean curRenamed, Instant curConfirmed, UidlMapping mapping) {

    /**
     * How long {@code cur/}'s names may be known from the lock holder's own renames alone, without
     * being listed. A change another agent made to {@code cur/} while they ran (or within the same
     * clock tick after the last of them, where the kernel stamps changes with the tick's time) would
     * leave the stamp as the renames left it; such a change is seen at the latest when this has passed.
     */
    static final Duration RENAMES_TRUSTED_FOR = Duration.ofHours(1);

    /** An index whose stamps were both seen by the scan that wrote it, of a maildrop without a UIDL map. */
    MaildropIndex(MaildropSnapshot messages, FolderStamp newStamp, FolderStamp curStamp, Instant scanStart) {
        this(messages, newStamp, curStamp, scanStart, false, scanStart);
    }

    /** Of a maildrop without a UIDL map. */
    MaildropIndex(MaildropSnapshot messages, FolderStamp newStamp, FolderStamp curStamp, Instant scanStart,
                  boolean curRenamed, Instant curConfirmed) {
        this(messages, newStamp, curStamp, scanStart, curRenamed, curConfirmed, UidlMapping.NONE);
    }

    MaildropIndex withMapping(UidlMapping newMapping) {
        return new MaildropIndex(messages, newStamp, curStamp, scanStart, curRenamed, curConfirmed, newMapping);
    }

    /**
     * Whether the folder still holds exactly the names recorded at the time {@code now}: its stamp is
     * unchanged, and either the folder had been quiet for a timestamp tick before the scan (see
     * {@link FolderStamp#settledBefore}), or the stamp is that of this process's own renames into
     * {@code cur/}, confirmed by a listing within {@link #RENAMES_TRUSTED_FOR}.
     */
    boolean describes(String folder, FolderStamp current, Instant now) {
        if (Maildir.CUR.equals(folder)) {
            return curStamp.equals(current) && (curRenamed
                    ? now.isBefore(curConfirmed.plus(RENAMES_TRUSTED_FOR))
                    : curStamp.settledBefore(scanStart));
        }
        return newStamp.equals(current) && newStamp.settledBefore(scanStart);
    }
}
