package org.postbox.pop3.server;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
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
import org.postbox.mailstore.jpa.testing.StoreFixture;

/**
 * A real store behind the SPI, every call handed on as it is: the base of the test doubles that
 * change or watch a few calls (failures injected, the threads that call), so that each one shows
 * only those.
 */
class ForwardingStore implements MailStore {

    final MailStore delegate;

    ForwardingStore(MailStore delegate) {
        this.delegate = delegate;
    }

    /** A fixture whose every store is {@code inner}'s, wrapped by {@code wrap}. */
    static StoreFixture around(StoreFixture inner, UnaryOperator<MailStore> wrap) {
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
                return wrap.apply(inner.open(directory));
            }

            @Override
            public String toString() {
                return inner.name();
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
    public org.postbox.mailstore.MailboxHistory history() {
        return delegate.history();
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        return delegate.open(address);
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
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                         org.postbox.mailstore.DeliveryKey key) {
        return delegate.deliver(recipients, message, key);
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                         java.util.Optional<org.postbox.mailstore.DeliveryKey> key,
                                         java.util.function.Consumer<org.postbox.mailstore.UsageChange> counted) {
        return delegate.deliver(recipients, message, key, counted);
    }

    @Override
    public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        return delegate.deliverNotice(mailbox, message);
    }

    @Override
    public org.postbox.mailstore.SweepOutcome sweepRetention(MailboxAddress address, java.time.Instant now, int limit) {
        return delegate.sweepRetention(address, now, limit);
    }

    @Override
    public int undelete(MailboxAddress address, java.util.Optional<java.time.Instant> since) {
        return delegate.undelete(address, since);
    }

    @Override
    public List<StoreMeter> meters() {
        return delegate.meters();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** A maildrop that hands every call on, for doubles that change or watch a few. */
    static class ForwardingMaildrop implements Maildrop {

        final Maildrop delegate;

        ForwardingMaildrop(Maildrop delegate) {
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
            return delegate.content(number);
        }

        @Override
        public void commit(BitSet deleted) {
            delegate.commit(deleted);
        }

        @Override
        public org.postbox.mailstore.Expire expire() {
            return delegate.expire();
        }

        @Override
        public void markRetrieved(int number) {
            delegate.markRetrieved(number);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
