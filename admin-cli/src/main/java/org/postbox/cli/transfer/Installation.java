package org.postbox.cli.transfer;

import java.io.IOException;
import java.util.List;

/**
 * An old server's installation, read for import: its accounts, and each one's mailbox as that
 * server's POP3 listed it. Reading never changes a file.
 */
public interface Installation {

    /** The accounts that can be imported, in the order of the source files. */
    List<SourceAccount> accounts();

    /** Accounts and source lines that cannot be imported, and what else the source files got wrong. */
    List<Finding> findings();

    /**
     * The mailbox of {@code account}: its messages in the old server's order with their UIDLs.
     * Reads the Maildir's listing and state files (and message headers only where a UIDL depends
     * on them), one mailbox at a time.
     *
     * @throws IOException when the Maildir cannot be listed
     */
    MailboxListing listing(SourceAccount account) throws IOException;
}
