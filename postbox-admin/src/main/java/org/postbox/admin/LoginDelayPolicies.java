package org.postbox.admin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.postbox.admin.view.LoginDelayView;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.LoginDelay;
import org.postbox.mailstore.MailboxAddress;

/**
 * RFC 2449 LOGIN-DELAY: the least time between two POP3 logins of a mailbox, per domain, with a
 * per-mailbox override; the daemon advertises it in CAPA and refuses a login that comes sooner
 * with {@code -ERR [LOGIN-DELAY]}.
 */
public final class LoginDelayPolicies {
    private final Directory directory;
    private final AuditLog audit;

    LoginDelayPolicies(Directory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * Sets a domain's delay, for its mailboxes without one of their own; 0 for none.
     *
     * @throws IllegalArgumentException if it is not 0 to 86400 seconds
     * @throws org.postbox.mailstore.NoSuchDomainException if the domain does not exist
     */
    public void setDomain(Actor actor, String domain, long seconds) {
        String name = DomainName.normalise(domain);
        directory.setDomainLoginDelay(name, LoginDelay.check(Duration.ofSeconds(seconds)));
        audit.record(new AuditEntry(actor, "domain.login-delay", name, List.of("login delay " + seconds + " s")));
    }

    /**
     * Sets a mailbox's own delay (0: none, whatever its domain says), or, when empty, lets it take
     * its domain's again.
     *
     * @throws IllegalArgumentException if it is not 0 to 86400 seconds
     * @throws org.postbox.mailstore.NoSuchMailboxException if the mailbox does not exist
     */
    public LoginDelayView setMailbox(Actor actor, MailboxAddress address, OptionalLong seconds) {
        Optional<Duration> delay = seconds.isPresent()
                ? Optional.of(LoginDelay.check(Duration.ofSeconds(seconds.getAsLong())))
                : Optional.empty();
        directory.setMailboxLoginDelay(address, delay);
        audit.record(new AuditEntry(actor, "mailbox.login-delay", address.toString(),
                List.of("login delay " + (seconds.isPresent() ? seconds.getAsLong() + " s" : "inherit"))));
        return show(address);
    }

    /** @throws org.postbox.mailstore.NoSuchMailboxException if the mailbox does not exist */
    public LoginDelayView show(MailboxAddress address) {
        return LoginDelayView.of(address.toString(), directory.loginDelay(address));
    }
}
