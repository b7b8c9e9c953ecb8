package org.postbox.admin;

import java.time.Clock;
import java.util.Objects;
import org.postbox.mailstore.MailStore;

/**
 * The administration of one store, as the {@code postbox} CLI and the admin HTTP API both do it:
 * every rule they share lives behind this, so none is written twice. Each change takes the
 * {@link Actor} who asks for it and writes one {@link AuditEntry}; failures are the store's typed
 * exceptions, {@link IllegalArgumentException} for a value the store refuses, or an
 * {@link AdminException}, all classified by {@link ErrorKind#of}.
 *
 * <p>The service does not own the store: whoever opened it closes it.
 */
public final class AdminService {
    private final Domains domains;
    private final Mailboxes mailboxes;
    private final Aliases aliases;
    private final Quotas quotas;
    private final AppPasswords appPasswords;
    private final AdminTokenRegistry adminTokens;
    private final Provisioning provisioning;
    private final MailboxHistories histories;
    private final LoginDelayPolicies loginDelays;
    private final Retention retention;

    public AdminService(MailStore store, AuditLog audit, Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(clock, "clock");
        this.domains = new Domains(store.directory(), audit);
        this.mailboxes = new Mailboxes(store.directory(), audit);
        this.aliases = new Aliases(store.directory(), audit);
        this.quotas = new Quotas(store.directory(), audit);
        this.appPasswords = new AppPasswords(store.directory(), audit);
        this.adminTokens = new AdminTokenRegistry(store.adminTokens(), audit, clock);
        this.provisioning = new Provisioning(store.directory(), domains, mailboxes, aliases);
        this.histories = new MailboxHistories(store, clock);
        this.loginDelays = new LoginDelayPolicies(store.directory(), audit);
        this.retention = new Retention(store, audit);
    }

    /** The service as the CLI and the daemon use it: audit lines on SLF4J, the system clock. */
    public static AdminService of(MailStore store) {
        return new AdminService(store, AuditLog.slf4j(), Clock.systemUTC());
    }

    public Domains domains() {
        return domains;
    }

    public Mailboxes mailboxes() {
        return mailboxes;
    }

    public Aliases aliases() {
        return aliases;
    }

    public Quotas quotas() {
        return quotas;
    }

    public AppPasswords appPasswords() {
        return appPasswords;
    }

    public AdminTokenRegistry adminTokens() {
        return adminTokens;
    }

    public Provisioning provisioning() {
        return provisioning;
    }

    /** Each mailbox's logins and deletions, and the legacy access report drawn from them. */
    public MailboxHistories histories() {
        return histories;
    }

    /** RFC 2449 LOGIN-DELAY per domain and per mailbox. */
    public LoginDelayPolicies loginDelays() {
        return loginDelays;
    }

    /** Retention (EXPIRE), the deleted-mail hold and undelete. */
    public Retention retention() {
        return retention;
    }
}
