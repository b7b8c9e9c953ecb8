package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.StoreFixture;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.BitSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.StoreMeter;

/**
 * A real store with failures injected at the SPI boundary, for the error paths a healthy backend
 * never takes on demand (a failing disk, a lock lost to another node, a vanished file).
 */
final class FaultyStore implements MailStore {

    private final MailStore delegate;
    volatile RuntimeException openFailure;
    volatile RuntimeException commitFailure;
    volatile RuntimeException contentFailure;
    volatile UnaryOperator<InputStream> contentWrapper = UnaryOperator.identity();

    FaultyStore(MailStore delegate) {
        this.delegate = delegate;
    }

    /** A fixture that wraps every store of {@code inner}. */
    static StoreFixture around(StoreFixture inner) {
        return new StoreFixture() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public Map<String, Object> storeSettings(Path directory) {
                return inner.storeSettings(directory);
            }

            @Override
            public MailStore open(Path directory) {
                return new FaultyStore(inner.open(directory));
            }

            @Override
            public String toString() {
                return inner.name();
            }
        };
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

    @Override
    public Directory directory() {
        return delegate.directory();
    }

    @Override
    public AdminTokens adminTokens() {
        return delegate.adminTokens();
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        RuntimeException failure = openFailure;
        if (failure != null) {
            throw failure;
        }
        return new FaultyMaildrop(delegate.open(address));
    }

    @Override
    public MessageImporter importer() {
        return delegate.importer();
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
        return delegate.deliver(recipients, message);
    }

    @Override
    public List<StoreMeter> meters() {
        return delegate.meters();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class FaultyMaildrop implements Maildrop {
        private final Maildrop delegate;

        FaultyMaildrop(Maildrop delegate) {
            this.delegate = delegate;
        }

        @Override
        public MailboxAddress address() {
            return delegate.address();
        }

        @Override
        public List<MessageInfo> messages() {
            return delegate.messages();
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

        @Override
        public void close() {
            delegate.close();
        }
    }
}
