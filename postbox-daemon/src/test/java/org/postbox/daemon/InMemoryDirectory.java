package org.postbox.daemon;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.testing.StubDirectory;

/** Accounts in a map, for authenticator tests; can be told to fail like an unreachable store. */
final class InMemoryDirectory extends StubDirectory {
    private final Map<MailboxAddress, String> hashes = new ConcurrentHashMap<>();
    private final AtomicReference<StoreException> failure = new AtomicReference<>();

    void failWith(StoreException e) {
        failure.set(e);
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
    public Optional<Account> account(MailboxAddress address) {
        StoreException e = failure.get();
        if (e != null) {
            throw e;
        }
        return Optional.ofNullable(hashes.get(address)).map(hash -> new Account(address, hash));
    }
}
