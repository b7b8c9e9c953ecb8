package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;

/**
 * What every contract of the suite works with, supplied by {@link MailStoreConformanceTest}: a
 * fresh, empty store per test, a second instance over the same data (another daemon, or the CLI),
 * and the location to open it from in a child process. Plus small helpers that keep the tests short.
 */
public interface ConformanceFixture {

    /** The store under test, empty at the start of each test. */
    MailStore store();

    /** A second instance over the same data, opened on first use and closed after the test. */
    MailStore secondInstance();

    /** How to open the same data through the provider, e.g. from a child JVM. */
    StoreLocation storeLocation();

    /** An empty directory for the test's own files. */
    Path scratchDirectory();

    /**
     * How long a lock of a crashed process may survive it: zero for OS locks, the lease time for
     * a lease-based lock.
     */
    Duration staleLockRecovery();

    default Directory directory() {
        return store().directory();
    }

    /** Creates the mailbox, and its domain if needed. */
    default MailboxAddress mailbox(String address) {
        MailboxAddress parsed = MailboxAddress.parse(address);
        if (directory().domains().stream().noneMatch(d -> d.name().equals(parsed.domain()))) {
            directory().addDomain(parsed.domain());
        }
        directory().addMailbox(parsed, TestMessages.PASSWORD_HASH);
        return parsed;
    }

    /** Delivers one message to one mailbox, asserts it was stored and returns its unique id. */
    default String deliver(MailboxAddress recipient, byte[] message) {
        return deliver(store(), recipient, MessageSource.of(message));
    }

    default String deliver(MailStore store, MailboxAddress recipient, MessageSource message) {
        List<DeliveryOutcome> outcomes = store.deliver(List.of(recipient), message);
        assertThat(outcomes).singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
        return ((DeliveryOutcome.Delivered) outcomes.get(0)).uniqueId();
    }

    /** The maildrop's listing in a session of its own, closed without deleting anything. */
    default List<MessageInfo> listing(MailboxAddress address) {
        try (Maildrop maildrop = store().open(address)) {
            return maildrop.messages();
        }
    }

    default List<String> uniqueIds(MailboxAddress address) {
        return listing(address).stream().map(MessageInfo::uniqueId).toList();
    }

    static byte[] content(Maildrop maildrop, int number) {
        try (InputStream in = maildrop.content(number)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
