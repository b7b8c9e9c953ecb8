package org.postbox.daemon;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreException;

/** Accounts in a map, for authenticator tests; can be told to fail like an unreachable store. */
final class InMemoryDirectory implements Directory {
    private final Map<MailboxAddress, String> hashes = new ConcurrentHashMap<>();
    private final AtomicReference<StoreException> failure = new AtomicReference<>();

    void failWith(StoreException e) {
        failure.set(e);
    }

    @Override
    public void addDomain(String domain) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Domain> domains() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeDomain(String domain) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addMailbox(MailboxAddress address, String passwordHash) {
        hashes.put(address, passwordHash);
    }

    @Override
    public List<Mailbox> mailboxes(Optional<String> domain) {
        throw new UnsupportedOperationException();
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
