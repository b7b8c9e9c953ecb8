package org.postbox.daemon.metrics;

import java.io.InputStream;
import java.util.BitSet;
import java.util.List;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;

/** A maildrop whose store calls are timed: content (until the stream is open), commit and close. */
final class MeteredMaildrop implements Maildrop {

    private final Maildrop delegate;
    private final StoreTimers timers;

    MeteredMaildrop(Maildrop delegate, StoreTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
    }

    @Override
    public MailboxAddress address() {
        return delegate.address();
    }

    @Override
    public List<MessageInfo> messages() {
        // The snapshot taken at open: no store call to time.
        return delegate.messages();
    }

    @Override
    public InputStream content(int number) {
        return timers.time("content", () -> delegate.content(number));
    }

    @Override
    public void commit(BitSet deleted) {
        timers.time("commit", () -> delegate.commit(deleted));
    }

    /** Read with the maildrop: no store call to time. */
    @Override
    public Expire expire() {
        return delegate.expire();
    }

    /** Kept in memory until close, which is timed. */
    @Override
    public void markRetrieved(int number) {
        delegate.markRetrieved(number);
    }

    @Override
    public void close() {
        timers.time("close", delegate::close);
    }
}
