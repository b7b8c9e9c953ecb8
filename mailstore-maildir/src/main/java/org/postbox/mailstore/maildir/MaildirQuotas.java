package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage and limits on a Maildir tree, kept so that concurrent deliveries, POP3 deletions and
 * processes agree.
 *
 * <ul>
 *   <li>A mailbox's usage is its Maildir++ {@code maildirsize} ({@link MaildirSize}), shared with
 *       Dovecot and Courier; its limits are the passwd-file's {@code userdb_quota_rule}
 *       ({@link ExtraFields}), mirrored in the file's first line.</li>
 *   <li>A domain's usage is {@code <root>/<domain>/.postbox-domainsize}, the same format, summing
 *       its mailboxes; its limits are in {@link DomainSettings}. Each mailbox's lock file records
 *       what the domain total counts for it, so changes made by other agents reach the domain total
 *       the next time Postbox takes the mailbox's lock.</li>
 *   <li>Every check-and-change runs under the domain's {@link QuotaLock} and then the mailbox's:
 *       a delivery is counted, and checked against the usage including every earlier one, before
 *       the next may look. Limits are therefore never passed by Postbox's own deliveries.</li>
 * </ul>
 */
final class MaildirQuotas {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirQuotas.class);

    /** A domain usage file is compacted before it grows near the size at which it would be rebuilt. */
    private static final int COMPACT_AT = MaildirSize.MAX_OCTETS / 2;

    /** Work done under the locks. */
    @FunctionalInterface
    interface LockedWork<T> {
        T run() throws IOException;
    }

    private final MaildirLayout layout;
    private final PasswdFile passwd;

    MaildirQuotas(MaildirLayout layout, PasswdFile passwd) {
        this.layout = layout;
        this.passwd = passwd;
    }

    DomainSettings domainSettings(String domain) {
        return DomainSettings.read(layout.domainSettingsFile(domain));
    }

    /**
     * Why a mailbox or its domain would refuse any further message, judged without locks from the
     * usage files as they are; empty when they look like they have room or cannot be read. Saves
     * writing a message that cannot fit; {@link #admit} decides.
     */
    Optional<String> precheck(MailboxAddress address, MailboxQuota mailboxLimit, DomainQuota domainLimit) {
        try {
            if (!mailboxLimit.isUnlimited()) {
                Optional<MaildirSizeFile.Content> content = layout.maildirSize(address).read();
                if (content.isPresent()) {
                    Optional<MaildirSize> size = content.get().parsed().filter(s -> s.trustworthy(
                            mailboxLimit.storageOctets(), mailboxLimit.messages(), content.get().modified(), Instant.now()));
                    Optional<String> full = size.flatMap(s -> mailboxLimit.refusal(s.usage(), 1));
                    if (full.isPresent()) {
                        return full;
                    }
                }
            }
            if (domainLimit.storageOctets() > 0) {
                return layout.domainSize(address.domain()).read()
                        .flatMap(MaildirSizeFile.Content::parsed)
                        .flatMap(s -> domainLimit.refusal(s.usage(), 1));
            }
        } catch (IOException e) {
            LOG.debug("quota precheck of {} skipped: {}", address, e.toString());
        }
        return Optional.empty();
    }

    /** What {@link #admit} did: stored the message, with the mailbox's usage just before it, or refused it. */
    sealed interface Admission {
        /** Stored and counted; {@code before} is the mailbox's usage without it, read under its lock. */
        record Stored(QuotaUsage before) implements Admission {
        }

        /** Not stored: {@link DeliveryOutcome.OverQuota}, or {@link DeliveryOutcome.NoSuchMailbox}. */
        record Refused(DeliveryOutcome reason) implements Admission {
        }
    }

    /**
     * Stores a message of {@code octets} octets by running {@code store} (which makes it visible)
     * if it fits the mailbox's and the domain's limits, and counts it. With {@code enforce} false
     * no limit refuses it (a notice from the server, such as a quota warning), but it is counted.
     *
     * @return stored, with the usage before it; or refused: {@link DeliveryOutcome.OverQuota}, or
     *         {@link DeliveryOutcome.NoSuchMailbox} when the mailbox was removed meanwhile
     */
    Admission admit(MailboxAddress address, MailboxQuota mailboxLimit, DomainQuota domainLimit,
                    long octets, boolean enforce, LockedWork<?> store) throws IOException {
        return underDomainLock(address.domain(), () -> {
            // Mailboxes are removed under the domain's lock: from here on the answer holds.
            if (!passwd.read().contains(address)) {
                return new Admission.Refused(new DeliveryOutcome.NoSuchMailbox());
            }
            DomainLedger domain = domainLedger(address.domain(), domainLimit);
            try (QuotaLock mailboxLock = lockMailbox(address)) {
                QuotaUsage usage = mailboxUsage(address, mailboxLimit, mailboxLock, domain);
                Optional<String> refusal = enforce
                        ? mailboxLimit.refusal(usage, octets).or(() -> domainLimit.refusal(domain.usage(), octets))
                        : Optional.empty();
                if (refusal.isPresent()) {
                    return new Admission.Refused(new DeliveryOutcome.OverQuota(refusal.get()));
                }
                store.run();
                count(address, mailboxLock, domain, usage, new QuotaUsage(octets, 1));
                return new Admission.Stored(usage);
            }
        });
    }

    /**
     * Deletes messages by running {@code deletion}, which returns what it removed, and counts the
     * removal; the caller holds the mailbox's maildrop lock.
     *
     * @return what {@code deletion} removed
     */
    QuotaUsage release(MailboxAddress address, LockedWork<QuotaUsage> deletion) throws IOException {
        return change(address, deletion, true);
    }

    /**
     * Stores messages that no limit may refuse (an import: migrated mail must not be lost) by running
     * {@code storage}, which returns what it stored, and counts them; the caller holds the mailbox's
     * maildrop lock.
     *
     * @return what {@code storage} stored
     */
    QuotaUsage absorb(MailboxAddress address, LockedWork<QuotaUsage> storage) throws IOException {
        return change(address, storage, false);
    }

    private QuotaUsage change(MailboxAddress address, LockedWork<QuotaUsage> work, boolean removal) throws IOException {
        MailboxQuota mailboxLimit = passwd.read().extraFields(address).quota();
        DomainQuota domainLimit = domainSettings(address.domain()).quota();
        return underDomainLock(address.domain(), () -> {
            DomainLedger domain = domainLedger(address.domain(), domainLimit);
            try (QuotaLock mailboxLock = lockMailbox(address)) {
                QuotaUsage usage = mailboxUsage(address, mailboxLimit, mailboxLock, domain);
                MaildirSizeFile file = layout.maildirSize(address);
                Optional<MaildirSizeFile.Content> before = removal ? file.read() : Optional.empty();
                if (before.isPresent()) {
                    // A daemon killed among the unlinks would leave a maildirsize that still counts
                    // the files gone, and the next reader would believe it. Without the file, the
                    // next reader counts the messages, and the domain total takes the difference.
                    file.discard();
                }
                QuotaUsage changed = work.run();
                QuotaUsage change = removal ? QuotaUsage.NONE.minus(changed) : changed;
                count(address, mailboxLock, domain, usage, change);
                before.ifPresent(content -> restore(file, content, change));
                return changed;
            }
        });
    }

    /**
     * Removes a mailbox by running {@code removal} and takes what the domain total counted for it
     * off that total, both under the locks so that no delivery or count of the domain interleaves.
     */
    <T> T forget(MailboxAddress address, LockedWork<T> removal) throws IOException {
        DomainQuota domainLimit = domainSettings(address.domain()).quota();
        return underDomainLock(address.domain(), () -> {
            DomainLedger domain = domainLedger(address.domain(), domainLimit);
            QuotaUsage counted;
            T result;
            try (QuotaLock mailboxLock = lockMailbox(address)) {
                counted = mailboxLock.recorded();
                result = removal.run();
            }
            domain.add(QuotaUsage.NONE.minus(counted));
            return result;
        });
    }

    /**
     * Renames a mailbox by running {@code move}, which moves its directory (with its
     * {@code maildirsize} and quota lock file) and makes {@code to} the mailbox, under the locks of
     * {@code from}'s domain and mailbox. Within one domain the domain total is unchanged. Into
     * another, {@code from}'s domain stops counting what it counted for the mailbox, and the moved
     * lock file is told that nothing is counted for it yet, so that {@code to}'s domain takes the
     * mailbox's usage the next time the mailbox is locked, as it does for a change by another
     * agent; that happens at once here. A crash in between leaves totals that {@code postbox quota
     * recalc} corrects.
     */
    <T> T move(MailboxAddress from, MailboxAddress to, LockedWork<T> move) throws IOException {
        DomainQuota domainLimit = domainSettings(from.domain()).quota();
        boolean otherDomain = !from.domain().equals(to.domain());
        T result = underDomainLock(from.domain(), () -> {
            DomainLedger domain = domainLedger(from.domain(), domainLimit);
            QuotaUsage counted;
            T moved;
            try (QuotaLock mailboxLock = lockMailbox(from)) {
                counted = mailboxLock.recorded();
                moved = move.run();
                if (otherDomain) {
                    // The channel follows the file into its new directory.
                    mailboxLock.record(QuotaUsage.NONE);
                }
            }
            if (otherDomain) {
                domain.add(QuotaUsage.NONE.minus(counted));
            }
            return moved;
        });
        if (otherDomain) {
            mailboxUsage(to, passwd.read().extraFields(to).quota());
        }
        return result;
    }

    /**
     * A mailbox's usage now, brought up to date (and the domain total with it).
     *
     * @throws NoSuchMailboxException if the mailbox is removed meanwhile
     */
    QuotaUsage mailboxUsage(MailboxAddress address, MailboxQuota mailboxLimit) throws IOException {
        DomainQuota domainLimit = domainSettings(address.domain()).quota();
        return underDomainLock(address.domain(), () -> {
            if (!passwd.read().contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            DomainLedger domain = domainLedger(address.domain(), domainLimit);
            try (QuotaLock mailboxLock = lockMailbox(address)) {
                return mailboxUsage(address, mailboxLimit, mailboxLock, domain);
            }
        });
    }

    /** A domain's total usage as recorded; changes by other agents count once their mailbox is next touched. */
    QuotaUsage domainUsage(String domain, DomainQuota domainLimit) throws IOException {
        return underDomainLock(domain, () -> domainLedger(domain, domainLimit).usage());
    }

    /** Counts every mailbox of the domain from its messages and rebuilds all usage files; see {@link QuotaDrift}. */
    List<QuotaDrift> recalculate(String domain, DomainQuota domainLimit) throws IOException {
        List<QuotaDrift> drifts = new ArrayList<>();
        underDomainLock(domain, () -> {
            MaildirSizeFile domainFile = layout.domainSize(domain);
            QuotaUsage recordedTotal = recordedUsage(domainFile);
            QuotaUsage total = QuotaUsage.NONE;
            PasswdEntries entries = passwd.read();
            for (MailboxAddress address : mailboxesOf(entries, domain)) {
                MailboxQuota limit = entries.extraFields(address).quota();
                try (QuotaLock mailboxLock = lockMailbox(address)) {
                    MaildirSizeFile file = layout.maildirSize(address);
                    QuotaUsage recorded = recordedUsage(file);
                    QuotaUsage actual = layout.maildir(address).quotaUsage(heldCounts(address));
                    file.rewrite(limit.storageOctets(), limit.messages(), actual);
                    mailboxLock.record(actual);
                    if (!recorded.equals(actual)) {
                        drifts.add(QuotaDrift.ofMailbox(address, recorded, actual));
                    }
                    total = total.plus(actual);
                }
            }
            domainFile.rewrite(domainLimit.storageOctets(), 0, total);
            if (!recordedTotal.equals(total)) {
                drifts.add(QuotaDrift.ofDomain(domain, recordedTotal, total));
            }
            return null;
        });
        for (QuotaDrift drift : drifts) {
            LOG.info("quota of {} recalculated: recorded {}, stored {}",
                    drift.mailbox().map(Object::toString).orElse("domain " + drift.domain()), drift.recorded(), drift.actual());
        }
        return drifts;
    }

    /** Whether the mailbox's held messages count toward its usage, by its domain's retention. */
    private boolean heldCounts(MailboxAddress address) {
        return domainSettings(address.domain()).retention().heldCountsTowardQuota();
    }

    /** What a usage file says, believed or not; none when it is missing or unreadable. */
    private static QuotaUsage recordedUsage(MaildirSizeFile file) throws IOException {
        return file.read().flatMap(MaildirSizeFile.Content::parsed).map(MaildirSize::usage).orElse(QuotaUsage.NONE);
    }

    /** The mailbox's usage from {@code maildirsize}, rebuilt if untrustworthy, with any change since the domain total last counted it passed on to that total. */
    private QuotaUsage mailboxUsage(MailboxAddress address, MailboxQuota limit, QuotaLock mailboxLock, DomainLedger domain)
            throws IOException {
        QuotaUsage usage = refreshed(address, limit);
        QuotaUsage counted = mailboxLock.recorded();
        if (!usage.equals(counted)) {
            domain.add(usage.minus(counted));
            mailboxLock.record(usage);
        }
        return usage;
    }

    private QuotaUsage refreshed(MailboxAddress address, MailboxQuota limit) throws IOException {
        MaildirSizeFile file = layout.maildirSize(address);
        Optional<MaildirSizeFile.Content> content = file.read();
        if (content.isPresent()) {
            Optional<MaildirSize> size = content.get().parsed();
            if (size.isPresent() && size.get().trustworthy(limit.storageOctets(), limit.messages(),
                    content.get().modified(), Instant.now())) {
                return size.get().usage();
            }
        }
        QuotaUsage counted = layout.maildir(address).quotaUsage(heldCounts(address));
        file.rewrite(limit.storageOctets(), limit.messages(), counted);
        LOG.debug("maildirsize of {} rebuilt: {}", address, counted);
        return counted;
    }

    /**
     * Records a change that has happened (a message stored or deleted). Never fails: the mail is
     * already in its new state; a usage file that cannot take the change is removed, so that the
     * next reader rebuilds it from the messages.
     */
    private void count(MailboxAddress address, QuotaLock mailboxLock, DomainLedger domain, QuotaUsage before,
                       QuotaUsage change) {
        MaildirSizeFile file = layout.maildirSize(address);
        try {
            file.append(change);
            mailboxLock.record(before.plus(change));
        } catch (IOException e) {
            LOG.warn("cannot count a change of {} in {}; it will be rebuilt: {}", change, file.path(), e.toString());
            discard(file);
        }
        try {
            domain.add(change);
        } catch (IOException e) {
            LOG.warn("cannot count a change of {} in {}; it will be rebuilt: {}", change, domain.file.path(), e.toString());
            discard(domain.file);
        }
    }

    /** The usage file again after a deletion, with the deletion's line; if that fails, the next reader counts the messages. */
    private static void restore(MaildirSizeFile file, MaildirSizeFile.Content earlier, QuotaUsage change) {
        try {
            file.restore(earlier, change);
        } catch (IOException e) {
            LOG.warn("cannot rewrite {}; it will be rebuilt from the messages: {}", file.path(), e.toString());
        }
    }

    private static void discard(MaildirSizeFile file) {
        try {
            file.discard();
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}; run 'postbox quota recalc'", file.path(), e.toString());
        }
    }

    /** The domain's usage file, read under the domain's lock: compacted when long, counted afresh when missing or broken. */
    private DomainLedger domainLedger(String domain, DomainQuota limit) throws IOException {
        MaildirSizeFile file = layout.domainSize(domain);
        Optional<MaildirSizeFile.Content> content = file.read();
        Optional<MaildirSize> size = content.flatMap(MaildirSizeFile.Content::parsed);
        if (size.isEmpty()) {
            return new DomainLedger(file, recount(domain, limit, file));
        }
        if (content.get().bytes().length >= COMPACT_AT || size.get().storageLimit() != limit.storageOctets()) {
            file.rewrite(limit.storageOctets(), 0, size.get().usage());
        }
        return new DomainLedger(file, size.get().usage());
    }

    /** The domain's total from its mailboxes' {@code maildirsize} files (rebuilding those that need it). */
    private QuotaUsage recount(String domain, DomainQuota limit, MaildirSizeFile file) throws IOException {
        PasswdEntries entries = passwd.read();
        QuotaUsage total = QuotaUsage.NONE;
        for (MailboxAddress address : mailboxesOf(entries, domain)) {
            try (QuotaLock mailboxLock = lockMailbox(address)) {
                QuotaUsage usage = refreshed(address, entries.extraFields(address).quota());
                mailboxLock.record(usage);
                total = total.plus(usage);
            }
        }
        file.rewrite(limit.storageOctets(), 0, total);
        LOG.info("usage of domain {} counted from its mailboxes: {}", domain, total);
        return total;
    }

    private static List<MailboxAddress> mailboxesOf(PasswdEntries entries, String domain) {
        List<MailboxAddress> mailboxes = new ArrayList<>();
        for (MailboxAddress address : entries.addresses()) {
            if (address.domain().equals(domain)) {
                mailboxes.add(address);
            }
        }
        mailboxes.sort(MaildirDirectory.ADDRESS_ORDER);
        return mailboxes;
    }

    /** Runs {@code work} holding the domain's lock, which comes before any of its mailboxes' locks. */
    private <T> T underDomainLock(String domain, LockedWork<T> work) throws IOException {
        QuotaLock lock = lock(QuotaLock.Scope.DOMAIN, layout.domainQuotaLockFile(domain));
        try {
            return work.run();
        } finally {
            lock.close();
        }
    }

    private QuotaLock lockMailbox(MailboxAddress address) throws IOException {
        return lock(QuotaLock.Scope.MAILBOX, layout.quotaLockFile(address));
    }

    /** Directories are made lazily, as Dovecot does: a mailbox or domain may have none yet. */
    private static QuotaLock lock(QuotaLock.Scope scope, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return QuotaLock.acquire(scope, file);
    }

    /** A domain's usage while its lock is held. */
    private static final class DomainLedger {
        private final MaildirSizeFile file;
        private QuotaUsage usage;

        DomainLedger(MaildirSizeFile file, QuotaUsage usage) {
            this.file = file;
            this.usage = usage;
        }

        QuotaUsage usage() {
            return usage;
        }

        void add(QuotaUsage change) throws IOException {
            file.append(change);
            usage = usage.plus(change);
        }
    }
}
