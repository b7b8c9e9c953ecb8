package org.postbox.pop3.server.command;

import java.io.InputStream;
import java.util.BitSet;
import java.util.List;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.pop3.server.ClientLimits;

/**
 * An open maildrop that also holds its session's place against the per-mailbox limit, and gives
 * it back when it is closed, which every way a session ends does exactly once.
 */
final class ClaimedMaildrop implements Maildrop {

    private final Maildrop maildrop;
    private final ClientLimits.Claim claim;

    ClaimedMaildrop(Maildrop maildrop, ClientLimits.Claim claim) {
        this.maildrop = maildrop;
        this.claim = claim;
    }

    @Override
    public MailboxAddress address() {
        return maildrop.address();
    }

    @Override
    public List<MessageInfo> messages() {
        return maildrop.messages();
    }

    @Override
    public InputStream content(int number) {
        return maildrop.content(number);
    }

    @Override
    public void commit(BitSet deleted) {
        maildrop.commit(deleted);
    }

    @Override
    public Expire expire() {
        return maildrop.expire();
    }

    @Override
    public void markRetrieved(int number) {
        maildrop.markRetrieved(number);
    }

    @Override
    public void close() {
        try {
            maildrop.close();
        } finally {
            claim.release();
        }
    }
}
