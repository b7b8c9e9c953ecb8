package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.UUID;

import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.LoginDelay;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * What Postbox keeps per domain, in {@code <root>/<domain>/.postbox-domain.conf} (a name no
 * mailbox directory can take, since local parts never start with a dot):
 * <pre>
 * # Postbox settings of the domain; change them with the postbox command.
 * storage-octets=10737418240
 * max-mailboxes=50
 * suspended=false
 * pop3=true
 * login-delay=300
 * expire=never
 * hold-days=0
 * held-counts-toward-quota=false
 * </pre>
 * A missing file (or key) means no limits, not suspended, POP3 allowed, no LOGIN-DELAY (whose
 * key is written only when it is set, so that files of domains without one stay as they were) and the
 * default {@link DomainRetention} (retrieved mail kept, deleted mail not held). Rewritten whole (temporary file, rename) by
 * the directory while it holds the passwd-file's writer lock, so concurrent changes serialise.
 */
record DomainSettings(DomainQuota quota, boolean suspended, boolean pop3Enabled, Duration loginDelay,
                      DomainRetention retention) {

    static final DomainSettings DEFAULT = new DomainSettings(DomainQuota.UNLIMITED, false, true, Duration.ZERO,
            DomainRetention.DEFAULT);
    static final String FILE_NAME = ".postbox-domain.conf";

    DomainSettings withQuota(DomainQuota newQuota) {
        return new DomainSettings(newQuota, suspended, pop3Enabled, loginDelay, retention);
    }

    DomainSettings withSuspended(boolean newSuspended) {
        return new DomainSettings(quota, newSuspended, pop3Enabled, loginDelay, retention);
    }

    DomainSettings withPop3Enabled(boolean newPop3Enabled) {
        return new DomainSettings(quota, suspended, newPop3Enabled, loginDelay, retention);
    }

    DomainSettings withLoginDelay(Duration newLoginDelay) {
        return new DomainSettings(quota, suspended, pop3Enabled, newLoginDelay, retention);
    }

    DomainSettings withRetention(DomainRetention newRetention) {
        return new DomainSettings(quota, suspended, pop3Enabled, loginDelay, newRetention);
    }

    /**
     * @throws StoreUnavailableException if the file cannot be read or says something we cannot
     *                                   use; the message names the file and the line
     */
    static DomainSettings read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return DEFAULT;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the domain settings " + file + ": " + e.getMessage(), e);
        }
        long storage = 0;
        int mailboxes = 0;
        boolean suspended = false;
        boolean pop3 = true;
        Duration loginDelay = Duration.ZERO;
        Expire expire = Expire.NEVER;
        int holdDays = 0;
        boolean heldCounts = false;
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals).strip();
            String value = equals < 0 ? "" : line.substring(equals + 1).strip();
            try {
                switch (key) {
                    case "storage-octets" -> storage = Long.parseLong(value);
                    case "max-mailboxes" -> mailboxes = Integer.parseInt(value);
                    case "suspended" -> suspended = flag(value);
                    case "pop3" -> pop3 = flag(value);
                    case "login-delay" -> loginDelay = LoginDelay.check(Duration.ofSeconds(Long.parseLong(value)));
                    case "expire" -> expire = Expire.parse(value);
                    case "hold-days" -> holdDays = Integer.parseInt(value);
                    case "held-counts-toward-quota" -> heldCounts = flag(value);
                    default -> {
                        // a setting of a later version: kept out of our way
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new StoreUnavailableException("invalid domain settings " + file + ", line " + (i + 1) + ": '"
                        + line + "' (" + e.getMessage() + ")", e);
            }
        }
        try {
            return new DomainSettings(new DomainQuota(storage, mailboxes), suspended, pop3, loginDelay,
                    new DomainRetention(expire, holdDays, heldCounts));
        } catch (IllegalArgumentException e) {
            throw new StoreUnavailableException("invalid domain settings " + file + ": " + e.getMessage(), e);
        }
    }

    void write(Path file, Durability durability) throws IOException {
        String content = "# Postbox settings of the domain; change them with the postbox command.\n"
                + "storage-octets=" + quota.storageOctets() + "\n"
                + "max-mailboxes=" + quota.mailboxes() + "\n"
                + "suspended=" + suspended + "\n"
                + "pop3=" + pop3Enabled + "\n"
                + (loginDelay.isZero() ? "" : "login-delay=" + loginDelay.toSeconds() + "\n")
                + "expire=" + retention.expire().toString().toLowerCase(java.util.Locale.ROOT) + "\n"
                + "hold-days=" + retention.holdDays() + "\n"
                + "held-counts-toward-quota=" + retention.heldCountsTowardQuota() + "\n";
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                durability.force(out);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace " + file + " atomically", e);
            }
            durability.syncDirectory(file.getParent());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean flag(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }
}
