package org.postbox.mailstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox as listed by the directory.
 *
 * @param messageCount  messages stored (its quota usage)
 * @param storedOctets  octets stored (its quota usage)
 * @param quota         its own limits
 * @param suspended     suspended by itself or with its domain
 * @param pop3Enabled   POP3 logins allowed by the mailbox's setting and its domain's
 * @param lastLogin     the last successful login, if any was recorded
 */
public record Mailbox(MailboxAddress address, int messageCount, long storedOctets, MailboxQuota quota,
                      boolean suspended, boolean pop3Enabled, Optional<Instant> lastLogin) {
    public Mailbox {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(lastLogin, "lastLogin");
    }

    /**
     * How full the mailbox is: the larger of its storage and message fill, from 0 (or unlimited)
     * up; above 1 when a limit was lowered below the usage.
     */
    public double quotaFill() {
        double storage = quota.storageOctets() == 0 ? 0 : (double) storedOctets / quota.storageOctets();
        double messages = quota.messages() == 0 ? 0 : (double) messageCount / quota.messages();
        return Math.max(storage, messages);
    }
}
