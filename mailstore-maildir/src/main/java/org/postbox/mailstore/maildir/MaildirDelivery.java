package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.UsageChange;
import org.postbox.mailstore.spi.MessageTally;
import org.postbox.mailstore.spi.RecipientExpansion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maildir delivery: write into {@code tmp/}, force to disk, rename into {@code new/}, sync
 * {@code new/}. A reader therefore sees a complete message or none. The first recipient's copy
 * is written from the source; the others get hard links to it when the file system allows
 * (one write for a mailing to many local users), else their own copy. Aliases and catch-alls are
 * resolved first ({@link RecipientExpansion}): each mailbox gets one copy per call.
 *
 * <p>A suspended mailbox or domain takes nothing. Quotas are checked twice: cheaply before the
 * message is written, and authoritatively under the quota locks just before the rename into
 * {@code new/}, where the message is counted too ({@link MaildirQuotas#admit}).
 *
 * <p>With a {@link DeliveryKey}, a mailbox that stored a copy with that key within its window
 * gets nothing new ({@link RecentDeliveries}); the key is recorded under the quota locks, just
 * before the rename.
 *
 * <p>Each stored copy is told with its mailbox's usage before and after it, read under the
 * mailbox's quota lock where the copy is counted ({@link UsageChange}); a notice from the server
 * ({@link #deliverNotice}) is counted there too, but no limit refuses it.
 */
final class MaildirDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirDelivery.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final MaildirLayout layout;
    private final PasswdFile passwd;
    private final AliasFile aliases;
    private final Durability durability;
    private final DeliveryNames names;
    private final MaildirQuotas quotas;
    private final AbandonedTemporaryFiles abandoned;

    MaildirDelivery(MaildirLayout layout, PasswdFile passwd, AliasFile aliases, Durability durability,
                    DeliveryNames names, MaildirQuotas quotas, AbandonedTemporaryFiles abandoned) {
        this.abandoned = abandoned;
        this.layout = layout;
        this.passwd = passwd;
        this.aliases = aliases;
        this.durability = durability;
        this.names = names;
        this.quotas = quotas;
    }

    List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, Optional<DeliveryKey> key,
                                  Consumer<UsageChange> counted) {
        PasswdEntries accounts;
        AliasEntries aliasEntries;
        try {
            accounts = passwd.read();
            aliasEntries = aliases.read();
        } catch (StoreException e) {
            LOG.warn("delivery to {} deferred: {}", recipients, e.getMessage());
            List<DeliveryOutcome> outcomes = new ArrayList<>(recipients.size());
            recipients.forEach(r -> outcomes.add(new DeliveryOutcome.TemporaryFailure("mailbox directory unavailable")));
            return outcomes;
        }
        RecipientExpansion expansion = RecipientExpansion.of(recipients,
                recipient -> MaildirDirectory.resolve(accounts, aliasEntries, recipient));
        List<DeliveryOutcome> stored = new ArrayList<>(expansion.mailboxes().size());
        StoredCopy previous = null;
        Map<String, DomainSettings> domains = new HashMap<>();
        for (MailboxAddress mailbox : expansion.mailboxes()) {
            if (!accounts.contains(mailbox)) {
                stored.add(new DeliveryOutcome.NoSuchMailbox()); // an alias's target removed by hand
                continue;
            }
            try {
                RecentDeliveries recent = new RecentDeliveries(layout.recentDeliveriesDirectory(mailbox),
                        layout.maildir(mailbox), durability);
                Optional<String> earlier = key.isPresent() ? recent.delivered(key.get()) : Optional.empty();
                if (earlier.isPresent()) {
                    LOG.info("delivery to {}: a repetition of {}, stored once", mailbox, earlier.get());
                    stored.add(new DeliveryOutcome.Delivered(MessageFileName.parse(earlier.get()).uniqueId()));
                    continue;
                }
                ExtraFields fields = accounts.extraFields(mailbox);
                DomainSettings domain = domains.computeIfAbsent(mailbox.domain(), quotas::domainSettings);
                if (fields.noLogin() || domain.suspended()) {
                    stored.add(new DeliveryOutcome.Suspended());
                    continue;
                }
                MailboxQuota mailboxLimit = fields.quota();
                Optional<String> full = quotas.precheck(mailbox, mailboxLimit, domain.quota());
                if (full.isPresent()) {
                    stored.add(new DeliveryOutcome.OverQuota(full.get()));
                    continue;
                }
                Delivery delivery = deliverOne(mailbox, message, previous, mailboxLimit, domain.quota(), true, key, recent);
                if (delivery.refusal().isPresent()) {
                    stored.add(delivery.refusal().get());
                    continue;
                }
                abandoned.afterDelivery(layout.maildir(mailbox));
                previous = delivery.copy();
                stored.add(delivered(previous));
                QuotaUsage before = delivery.before();
                counted.accept(new UsageChange(mailbox, before,
                        before.plus(new QuotaUsage(previous.storedOctets(), 1)), mailboxLimit));
            } catch (IOException | RuntimeException e) {
                // The message source is the caller's code: whatever it throws fails this mailbox only.
                LOG.warn("delivery to {} failed, sender should retry: {}", mailbox, e.toString());
                stored.add(noRoom(e)
                        ? new DeliveryOutcome.StoreFull("no space left on the Maildir volume")
                        : new DeliveryOutcome.TemporaryFailure("cannot store the message now"));
            }
        }
        return expansion.outcomes(stored);
    }

    /**
     * Stores a notice from the server in exactly {@code mailbox}, past its quotas and suspension
     * ({@link org.postbox.mailstore.MailStore#deliverNotice}), counted in its usage.
     */
    DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        try {
            PasswdEntries accounts = passwd.read();
            if (!accounts.contains(mailbox)) {
                return new DeliveryOutcome.NoSuchMailbox();
            }
            RecentDeliveries unused = new RecentDeliveries(layout.recentDeliveriesDirectory(mailbox),
                    layout.maildir(mailbox), durability);
            Delivery delivery = deliverOne(mailbox, message, null, accounts.extraFields(mailbox).quota(),
                    quotas.domainSettings(mailbox.domain()).quota(), false, Optional.empty(), unused);
            return delivery.refusal().orElseGet(() -> delivered(delivery.copy()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("notice to {} not stored: {}", mailbox, e.toString());
            return noRoom(e)
                    ? new DeliveryOutcome.StoreFull("no space left on the Maildir volume")
                    : new DeliveryOutcome.TemporaryFailure("cannot store the message now");
        }
    }

    private static DeliveryOutcome.Delivered delivered(StoredCopy copy) {
        return new DeliveryOutcome.Delivered(MessageFileName.parse(copy.file().getFileName().toString()).uniqueId());
    }

    /** A stored copy with its mailbox's usage before it, or why the recipient refused it. */
    private record Delivery(StoredCopy copy, QuotaUsage before, Optional<DeliveryOutcome> refusal) {
    }

    private Delivery deliverOne(MailboxAddress recipient, MessageSource message, StoredCopy previous,
                                MailboxQuota mailboxLimit, DomainQuota domainLimit, boolean enforce,
                                Optional<DeliveryKey> key, RecentDeliveries recent) throws IOException {
        Maildir maildir = layout.maildir(recipient);
        if (!Files.isDirectory(maildir.folder(Maildir.NEW)) || !Files.isDirectory(maildir.folder(Maildir.TMP))) {
            maildir.createFolders(); // a mailbox provisioned by another tool, before its first mail
        }
        String unique = names.next();
        Path temporary = maildir.folder(Maildir.TMP).resolve(unique);
        try {
            StoredCopy written = previous != null ? linkOrWrite(previous, temporary, message) : write(temporary, message);
            Path target = maildir.folder(Maildir.NEW).resolve(
                    DeliveryNames.withSizes(unique, written.storedOctets(), written.crlfOctets()));
            MaildirQuotas.LockedWork<?> rename = () -> Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            MaildirQuotas.Admission admission = quotas.admit(recipient, mailboxLimit, domainLimit, written.storedOctets(),
                    enforce, key.isEmpty() ? rename : () -> {
                        recent.recordAround(key.get(), unique, target.getFileName().toString(), rename);
                        return null;
                    });
            if (admission instanceof MaildirQuotas.Admission.Refused refused) {
                return new Delivery(null, QuotaUsage.NONE, Optional.of(refused.reason()));
            }
            durability.syncDirectory(target.getParent());
            return new Delivery(new StoredCopy(target, written.storedOctets(), written.crlfOctets()),
                    ((MaildirQuotas.Admission.Stored) admission).before(), Optional.empty());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private StoredCopy linkOrWrite(StoredCopy previous, Path temporary, MessageSource message) throws IOException {
        try {
            Files.createLink(temporary, previous.file());
            return new StoredCopy(temporary, previous.storedOctets(), previous.crlfOctets());
        } catch (IOException | UnsupportedOperationException e) {
            // Moved or deleted by its owner already, another file system, or no hard links: copy again.
            Files.deleteIfExists(temporary);
            return write(temporary, message);
        }
    }

    /** Copies the message as given, counting its octets and its CRLF size on the way. */
    private StoredCopy write(Path temporary, MessageSource message) throws IOException {
        MessageTally tally = new MessageTally(false);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             InputStream in = message.open()) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                tally.add(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            durability.force(out);
        }
        return new StoredCopy(temporary, tally.octets(), tally.crlfOctets());
    }

    /**
     * Whether {@code failure} is the file system saying it is full (ENOSPC) or the owner's disk
     * quota is (EDQUOT). Java has no type for either, only the system's message, which the JVM
     * takes from strerror in English.
     */
    static boolean noRoom(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private record StoredCopy(Path file, long storedOctets, long crlfOctets) {
    }
}
