package org.postbox.admin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postbox.admin.ProvisioningPlan.AliasItem;
import org.postbox.admin.ProvisioningPlan.DomainItem;
import org.postbox.admin.ProvisioningPlan.MailboxItem;
import org.postbox.admin.view.ApplyItemView;
import org.postbox.admin.view.ApplyReportView;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;

/**
 * Bulk, idempotent provisioning ({@code postbox apply}): makes the store as a
 * {@link ProvisioningFile} says, domains first, then mailboxes, then aliases, and reports per item
 * whether it was created, changed or already as asked. Every item is checked against the file and
 * the store before anything changes, so a bad one changes nothing; applying the same file again
 * changes nothing and reports every item unchanged.
 */
public final class Provisioning {
    private final Directory directory;
    private final Domains domains;
    private final Mailboxes mailboxes;
    private final Aliases aliases;

    Provisioning(Directory directory, Domains domains, Mailboxes mailboxes, Aliases aliases) {
        this.directory = directory;
        this.domains = domains;
        this.mailboxes = mailboxes;
        this.aliases = aliases;
    }

    /**
     * Reads {@code file} ({@link ProvisioningFile#read}) and applies it.
     *
     * @throws AdminException naming {@code file:line} for a bad item
     */
    public ApplyReportView apply(Actor actor, Path file, boolean dryRun) {
        return apply(actor, ProvisioningFile.read(file), dryRun);
    }

    /**
     * Checks every item, then applies them (or, with {@code dryRun}, only says what it would do).
     * A store failure while applying (the store went down, a POP3 session holds a mailbox) stops
     * there, naming the item: what was applied before stays, and running the file again finishes.
     */
    public ApplyReportView apply(Actor actor, ProvisioningPlan plan, boolean dryRun) {
        Set<String> newDomains = check(plan);
        List<ApplyItemView> items = new ArrayList<>();
        for (DomainItem item : plan.domains()) {
            Change change = run(item.where(), () -> dryRun ? domains.plan(item.name(), item.settings())
                    : domains.put(actor, item.name(), item.settings()));
            items.add(view("domain", item.name(), change));
        }
        for (MailboxItem item : plan.mailboxes()) {
            Change change = run(item.where(), () -> {
                if (dryRun && newDomains.contains(item.address().domain())) {
                    return createdMailbox(item);
                }
                return dryRun ? mailboxes.plan(item.address(), item.settings())
                        : mailboxes.put(actor, item.address(), item.settings());
            });
            items.add(view("mailbox", item.address().toString(), change));
        }
        for (AliasItem item : plan.aliases()) {
            Change change = run(item.where(), () -> {
                if (dryRun && newDomains.contains(item.name().domain())) {
                    return new Change(Outcome.CREATED, List.of("targets none -> " + targets(item.targets())));
                }
                return dryRun ? aliases.plan(item.name(), item.targets()) : aliases.put(actor, item.name(), item.targets());
            });
            items.add(view("alias", item.name().toString(), change));
        }
        return ApplyReportView.of(dryRun, items);
    }

    /**
     * Refuses the plan, naming the item, if any item contradicts another or the store: a name
     * given twice, a mailbox or alias of a domain that neither exists nor is in the file, a new
     * mailbox without a password, an alias that is a mailbox, a target that is not a mailbox.
     *
     * @return the domains the plan creates
     */
    private Set<String> check(ProvisioningPlan plan) {
        Set<String> existingDomains = new HashSet<>();
        directory.domains().forEach(d -> existingDomains.add(d.name()));
        Set<String> newDomains = new HashSet<>();
        Map<String, String> seen = new HashMap<>();
        for (DomainItem item : plan.domains()) {
            once(seen, "domain " + item.name(), item.where());
            if (!existingDomains.contains(item.name())) {
                newDomains.add(item.name());
            }
        }
        Set<MailboxAddress> plannedMailboxes = new HashSet<>();
        for (MailboxItem item : plan.mailboxes()) {
            MailboxAddress address = item.address();
            once(seen, "mailbox " + address, item.where());
            requireDomain(address.domain(), existingDomains, newDomains, item.where());
            boolean exists = existingDomains.contains(address.domain()) && directory.account(address).isPresent();
            if (!exists && item.settings().password().isEmpty()) {
                throw invalid(item.where(), "mailbox " + address + " does not exist; a new mailbox needs a password hash");
            }
            if (existingDomains.contains(address.domain())
                    && Lookups.findAlias(directory, AliasName.of(address)).isPresent()) {
                throw new AdminException(ErrorKind.CONFLICT, item.where() + ": " + address + " is an alias");
            }
            plannedMailboxes.add(address);
        }
        for (AliasItem item : plan.aliases()) {
            once(seen, "alias " + item.name(), item.where());
            requireDomain(item.name().domain(), existingDomains, newDomains, item.where());
            item.name().address().ifPresent(address -> {
                if (plannedMailboxes.contains(address)
                        || (existingDomains.contains(address.domain()) && directory.account(address).isPresent())) {
                    throw new AdminException(ErrorKind.CONFLICT, item.where() + ": " + address
                            + " is a mailbox; an alias cannot have a mailbox's address");
                }
            });
            for (MailboxAddress target : item.targets()) {
                boolean mailbox = plannedMailboxes.contains(target)
                        || (existingDomains.contains(target.domain()) && directory.account(target).isPresent());
                if (!mailbox) {
                    throw new AdminException(ErrorKind.CONFLICT, item.where() + ": target " + target
                            + " is not a mailbox of the store or of the file (alias targets are mailboxes only)");
                }
            }
        }
        return newDomains;
    }

    private static void once(Map<String, String> seen, String what, String where) {
        String first = seen.putIfAbsent(what, where);
        if (first != null) {
            throw invalid(where, what + " is given twice (first at " + first + ")");
        }
    }

    private static void requireDomain(String domain, Set<String> existing, Set<String> created, String where) {
        if (!existing.contains(domain) && !created.contains(domain)) {
            throw new AdminException(ErrorKind.NOT_FOUND, where + ": no domain " + domain
                    + " in the store or the file; add it to the file's domains");
        }
    }

    private static Change createdMailbox(MailboxItem item) {
        List<String> changes = new ArrayList<>();
        item.settings().suspended().filter(s -> s).ifPresent(s -> changes.add("suspended false -> true"));
        item.settings().pop3().filter(p -> !p).ifPresent(p -> changes.add("pop3 true -> false"));
        QuotaChanges.describe(MailboxQuota.UNLIMITED, item.settings().quota().applyTo(MailboxQuota.UNLIMITED), changes);
        return new Change(Outcome.CREATED, changes);
    }

    private static Change run(String where, java.util.function.Supplier<Change> step) {
        try {
            return step.get();
        } catch (AdminException e) {
            throw new AdminException(e.kind(), where + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // Keeps the kind of the store's failure (so the exit status), and says which item met it.
            throw new AdminException(ErrorKind.of(e), where + ": " + e.getMessage());
        }
    }

    private static ApplyItemView view(String kind, String name, Change change) {
        return new ApplyItemView(kind, name, change.outcome().label(), change.changes());
    }

    private static String targets(List<MailboxAddress> targets) {
        return String.join(",", targets.stream().map(MailboxAddress::toString).toList());
    }

    private static AdminException invalid(String where, String message) {
        return new AdminException(ErrorKind.INVALID, where + ": " + message);
    }
}
