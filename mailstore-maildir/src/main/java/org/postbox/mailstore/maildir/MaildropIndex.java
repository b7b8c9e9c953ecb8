package org.postbox.mailstore.maildir;

import java.time.Instant;

/**
 * What a maildrop's index file records: the messages as a scan found them, and the stamps of
 * {@code new/} and {@code cur/} that scan saw before it listed them.
 *
 * @param messages  in delivery order, with their places, sizes and ids
 * @param newStamp  {@code new/} as it was when its names were taken (or found unchanged)
 * @param curStamp  {@code cur/} likewise
 * @param scanStart when the scan began, before either stamp was taken
 */
record MaildropIndex(MaildropSnapshot messages, FolderStamp newStamp, FolderStamp curStamp, Instant scanStart) {

    /**
     * Whether the folder still holds exactly the names recorded: its stamp is unchanged, and the
     * folder had been quiet for a timestamp tick before the scan (see {@link FolderStamp#settledBefore}).
     */
    boolean describes(String folder, FolderStamp current) {
        FolderStamp recorded = Maildir.CUR.equals(folder) ? curStamp : newStamp;
        return recorded.equals(current) && recorded.settledBefore(scanStart);
    }
}
