package org.postbox.migration;

import java.util.Objects;

import org.postbox.mailstore.MailboxQuota;

/**
 * A mailbox's limits as a Maildir++ quota definition states them: {@code <octets>S,<count>C},
 * either part optional, as in the first line of {@code maildirsize} and in Courier's
 * {@code quota} userdb field (maildirquota(7)). 0 means no limit of that kind, as in the store's
 * {@link MailboxQuota}, which is what a definition becomes.
 */
public final class QuotaDefinition {

    private QuotaDefinition() {
    }

    /**
     * Parses a Maildir++ definition such as {@code 10000000S,1000C} or {@code 500000S}; an empty
     * one is {@link MailboxQuota#UNLIMITED}.
     *
     * @throws IllegalArgumentException naming the part that is not {@code <digits>S} or {@code <digits>C}
     */
    public static MailboxQuota parse(String definition) {
        Objects.requireNonNull(definition, "definition");
        long octets = 0;
        long messages = 0;
        if (definition.isBlank()) {
            return MailboxQuota.UNLIMITED;
        }
        for (String part : definition.strip().split(",", -1)) {
            if (part.length() < 2 || part.length() > 19 || !digits(part.substring(0, part.length() - 1))) {
                throw new IllegalArgumentException("quota definition part '" + part
                        + "' is not <digits>S (octets) or <digits>C (messages)");
            }
            long value = Long.parseLong(part.substring(0, part.length() - 1));
            switch (part.charAt(part.length() - 1)) {
                case 'S' -> octets = value;
                case 'C' -> messages = value;
                default -> throw new IllegalArgumentException("quota definition part '" + part
                        + "' is not <digits>S (octets) or <digits>C (messages)");
            }
        }
        return new MailboxQuota(octets, messages);
    }

    /** The Maildir++ form of {@code quota}, {@code <octets>S,<count>C} without the parts that are unlimited. */
    public static String format(MailboxQuota quota) {
        if (quota.isUnlimited()) {
            return "";
        }
        if (quota.messages() == 0) {
            return quota.storageOctets() + "S";
        }
        return quota.storageOctets() == 0 ? quota.messages() + "C" : quota.storageOctets() + "S," + quota.messages() + "C";
    }

    private static boolean digits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
