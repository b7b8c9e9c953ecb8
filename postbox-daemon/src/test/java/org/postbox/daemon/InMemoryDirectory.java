package org.postbox.daemon;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.testing.StubDirectory;

/**
 * Accounts in a map, for authenticator tests; can be told to fail like an unreachable store, or
 * to fail only at recording logins.
 */
final class InMemoryDirectory extends StubDirectory {
    private final Map<MailboxAddress, String> hashes = new ConcurrentHashMap<>();
    private final Set<MailboxAddress> pop3Off = ConcurrentHashMap.newKeySet();
    private final AtomicReference<StoreException> failure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> recordFailure = new AtomicReference<>();
    private final List<MailboxAddress> recordedLogins = new CopyOnWriteArrayList<>();

    void failWith(StoreException e) {
        failure.set(e);
    }

    /** Makes every {@link #recordLogin} throw {@code e}; look-ups keep working. */
    void failRecordingLoginsWith(RuntimeException e) {
        recordFailure.set(e);
    }

    /** The logins recorded so far, oldest first. */
    List<MailboxAddress> recordedLogins() {
        return List.copyOf(recordedLogins);
    }

    @Override
    public void addMailbox(MailboxAddress address, String passwordHash) {
        hashes.put(address, passwordHash);
    }

    @Override
    public void setPasswordHash(MailboxAddress address, String passwordHash) {
        hashes.put(address, passwordHash);
    }

    @Override
    public void removeMailbox(MailboxAddress address) {
        hashes.remove(address);
    }

    @Override
    public void setMailboxPop3Enabled(MailboxAddress address, boolean enabled) {
        if (enabled) {
            pop3Off.remove(address);
        } else {
            pop3Off.add(address);
        }
    }

    @Override
    public void recordLogin(MailboxAddress address, Instant when) {
        RuntimeException e = recordFailure.get();
        if (e != null) {
            throw e;
        }
        recordedLogins.add(address);
    }

    @Override
    public Optional<Account> account(MailboxAddress address) {
        StoreException e = failure.get();
        if (e != null) {
            throw e;
        }
        return Optional.ofNullable(hashes.get(address))
                .map(hash -> new Account(address, hash, false, !pop3Off.contains(address), List.of()));
    }
}
