package org.postbox.cli.transfer;

import java.util.Objects;
import org.postbox.mailstore.MailboxAddress;

/**
 * What an import or migration did to one mailbox.
 *
 * @param address      the mailbox
 * @param status       whether it was created, existed, or could not be imported
 * @param messages     messages stored (on a dry run: that would be stored)
 * @param octets       their octets
 * @param alreadyThere messages skipped because the mailbox has them already
 * @param failed       messages not stored
 * @param newUidls     messages stored with a new UIDL instead of the old server's
 */
public record MailboxSummary(MailboxAddress address, Status status, long messages, long octets, long alreadyThere,
                             long failed, long newUidls) {

    /** The mailbox itself. */
    public enum Status {
        CREATED("created"),
        WOULD_CREATE("would be created"),
        EXISTS("exists"),
        FAILED("not imported"),
        IN_USE("in use, retry");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        /** For people: {@code created}, {@code would be created}, ... */
        public String text() {
            return text;
        }
    }

    public MailboxSummary {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
    }

    static MailboxSummary failed(MailboxAddress address) {
        return new MailboxSummary(address, Status.FAILED, 0, 0, 0, 0, 0);
    }
}
