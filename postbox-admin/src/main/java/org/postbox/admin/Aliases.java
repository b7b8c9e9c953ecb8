package org.postbox.admin;

import java.util.List;
import java.util.Optional;
import org.postbox.admin.view.AliasView;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;

/**
 * Aliases and catch-alls: addresses that deliver to one or more mailboxes. Targets are mailboxes
 * only (the store refuses others), so no delivery can loop.
 */
public final class Aliases {
    private final Directory directory;
    private final AuditLog audit;

    Aliases(Directory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * The aliases of a domain, its catch-all first.
     *
     * @throws org.postbox.mailstore.NoSuchDomainException if it does not exist
     */
    public List<AliasView> list(String domain) {
        return directory.aliases(Lookups.domain(directory, domain).name()).stream().map(AliasView::of).toList();
    }

    /** @throws org.postbox.mailstore.NoSuchAliasException if there is none of that name */
    public AliasView get(AliasName name) {
        return AliasView.of(Lookups.alias(directory, name));
    }

    /**
     * Creates an alias that does not exist yet.
     *
     * @throws AlreadyExistsException if the alias exists (replace it with {@link #put}) or a mailbox has its address
     */
    public AliasView add(Actor actor, AliasName name, List<MailboxAddress> targets) {
        Alias alias = new Alias(name, targets);
        if (Lookups.findAlias(directory, name).isPresent()) {
            throw new AlreadyExistsException((name.isCatchAll() ? "the catch-all " : "alias ") + name
                    + " exists; replace its targets with: postbox alias set " + name + " TARGET...");
        }
        directory.setAlias(alias);
        audit.record(new AuditEntry(actor, "alias.add", name.toString(), List.of("targets " + targets(alias))));
        return get(name);
    }

    /**
     * Creates the alias or replaces its targets: idempotent.
     *
     * @throws org.postbox.mailstore.AliasConflictException if a target is not an existing mailbox
     */
    public Change put(Actor actor, AliasName name, List<MailboxAddress> targets) {
        return put(actor, name, targets, false);
    }

    /** What {@link #put} would do, changing nothing. */
    public Change plan(AliasName name, List<MailboxAddress> targets) {
        return put(new Actor("dry-run"), name, targets, true);
    }

    private Change put(Actor actor, AliasName name, List<MailboxAddress> targets, boolean dryRun) {
        Alias alias = new Alias(name, targets);
        Lookups.domain(directory, name.domain());
        Optional<Alias> existing = Lookups.findAlias(directory, name);
        if (existing.isPresent() && existing.get().targets().equals(alias.targets())) {
            return Change.unchanged();
        }
        List<String> changes = List.of("targets " + existing.map(Aliases::targets).orElse("none") + " -> " + targets(alias));
        if (!dryRun) {
            directory.setAlias(alias);
            audit.record(new AuditEntry(actor, existing.isPresent() ? "alias.change" : "alias.add", name.toString(), changes));
        }
        return new Change(existing.isPresent() ? Outcome.CHANGED : Outcome.CREATED, changes);
    }

    /** @throws org.postbox.mailstore.NoSuchAliasException if there is none of that name */
    public void remove(Actor actor, AliasName name) {
        directory.removeAlias(name);
        audit.record(new AuditEntry(actor, "alias.remove", name.toString(), List.of()));
    }

    private static String targets(Alias alias) {
        return String.join(",", alias.targets().stream().map(MailboxAddress::toString).toList());
    }
}
