package org.postbox.mailstore.warnings;

import java.nio.file.Path;

import org.postbox.mailstore.MailboxAddress;

/**
 * Told what the quota warnings do, for the log and metrics of whoever wires them (the daemon, the
 * CLI); this module has no logging of its own. Called on the delivering thread.
 */
public interface QuotaWarningObserver {

    /** A warning that {@code mailbox} crossed {@code threshold} % was stored in it. */
    void sent(MailboxAddress mailbox, int threshold);

    /** A warning could not be stored; the delivery that crossed the threshold is stored all the same. */
    void notStored(MailboxAddress mailbox, int threshold, String reason);

    /** A template file is unreadable or invalid; the built-in text was used instead. */
    void templateBroken(Path file, String problem);
}
