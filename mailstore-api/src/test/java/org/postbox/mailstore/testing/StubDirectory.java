package org.postbox.mailstore.testing;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;

/**
 * A {@link Directory} with only the methods every directory must implement, holding nothing, so
 * that what the optional operations' defaults do (refuse clearly, or derive from {@link #account})
 * shows. A test overrides what it needs, e.g. {@link #domains()} to count or fail calls.
 */
public class StubDirectory implements Directory {

    private final Function<MailboxAddress, Optional<Account>> accounts;

    /** No accounts at all. */
    public StubDirectory() {
        this(address -> Optional.empty());
    }

    public StubDirectory(Function<MailboxAddress, Optional<Account>> accounts) {
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
