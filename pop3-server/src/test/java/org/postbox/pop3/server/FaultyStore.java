package org.postbox.pop3.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxHistory;
import org.postbox.mailstore.MailboxLogin;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.jpa.testing.StoreFixture;

/**
 * A real store with failures injected at the SPI boundary, for the error paths a healthy backend
 * never takes on demand (a failing disk, a lock lost to another node, a vanished file).
 */
final class FaultyStore extends ForwardingStore {

    volatile RuntimeException openFailure;
    volatile RuntimeException commitFailure;
    volatile RuntimeException contentFailure;
    volatile RuntimeException historyFailure;
    volatile UnaryOperator<InputStream> contentWrapper = UnaryOperator.identity();

    FaultyStore(MailStore delegate) {
        super(delegate);
    }

    /** A fixture that wraps every store of {@code inner}. */
    static StoreFixture around(StoreFixture inner) {
        return ForwardingStore.around(inner, FaultyStore::new);
    }

    /** A stream that fails once {@code octets} have been read. */
    static UnaryOperator<InputStream> failingAfter(long octets) {
        return in -> new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                check(1);
                int b = super.read();
                read++;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                check(length);
                int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, octets - read)));
                read += Math.max(n, 0);
                return n;
            }

            private void check(int wanted) throws IOException {
                if (read >= octets && wanted > 0) {
                    throw new IOException("simulated disk error");
                }
            }
        };
    }

    /** The real history, whose appends throw {@link #historyFailure} while it is set. */
    @Override
    public MailboxHistory history() {
        MailboxHistory real = delegate.history();
        return new MailboxHistory() {
            @Override
            public void append(MailboxAddress address, List<? extends HistoryEvent> events, HistoryRetention retention,
                    Instant now) {
                RuntimeException failure = historyFailure;
                if (failure != null) {
                    throw failure;
                }
                real.append(address, events, retention, now);
            }

            @Override
            public List<HistoryEvent> events(MailboxAddress address, Instant since) {
                return real.events(address, since);
            }

            @Override
            public List<MailboxLogin> logins(Instant since) {
                return real.logins(since);
            }
        };
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        RuntimeException failure = openFailure;
        if (failure != null) {
            throw failure;
        }
        return new FaultyMaildrop(delegate.open(address));
    }

    private final class FaultyMaildrop extends ForwardingMaildrop {

        FaultyMaildrop(Maildrop delegate) {
            super(delegate);
        }

        @Override
        public InputStream content(int number) {
            RuntimeException failure = contentFailure;
            if (failure != null) {
                throw failure;
            }
            return contentWrapper.apply(delegate.content(number));
        }

        @Override
        public void commit(BitSet deleted) {
            RuntimeException failure = commitFailure;
            if (failure != null) {
                throw failure;
            }
            delegate.commit(deleted);
        }
    }
}
