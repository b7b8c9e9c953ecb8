package org.postbox.mailstore;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link Directory} with only the methods every directory must implement, holding nothing: what
 * the optional operations' defaults do (refuse clearly, or derive from {@link #account}) shows.
 */
final class CoreOnlyDirectory implements Directory {

    private final Function<MailboxAddress, Optional<Account>> accounts;

    /** No accounts at all. */
    CoreOnlyDirectory() {
        this(address -> Optional.empty());
    }

    CoreOnlyDirectory(Function<MailboxAddress, Optional<Account>> accounts) {
        this.accounts = accounts;
    }

    @Override
    public void addDomain(String domain) {
    }

    @Override
    public List<Domain> domains() {
        return List.of();
    }

    @Override
    public void removeDomain(String domain) {
    }

    @Override
    public void addMailbox(MailboxAddress address, String passwordHash) {
    }

    @Override
    public List<Mailbox> mailboxes(Optional<String> domain) {
        return List.of();
    }

    @Override
    public void setPasswordHash(MailboxAddress address, String passwordHash) {
    }

    @Override
    public void removeMailbox(MailboxAddress address) {
    }

    @Override
    public Optional<Account> account(MailboxAddress address) {
        return accounts.apply(address);
    }
}
