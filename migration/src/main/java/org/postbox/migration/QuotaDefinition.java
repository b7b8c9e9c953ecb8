package org.postbox.migration;

import java.util.Objects;

/**
 * A mailbox's limits as a Maildir++ quota definition states them: {@code <octets>S,<count>C},
 * either part optional, as in the first line of {@code maildirsize} and in Courier's
 * {@code quota} userdb field (maildirquota(7)). 0 means no limit of that kind.
 *
 * @param storageOctets the most octets the mailbox may hold, 0 for no limit
 * @param messages      the most messages, 0 for no limit
 */
public record QuotaDefinition(long storageOctets, long messages) {

    public static final QuotaDefinition UNLIMITED = new QuotaDefinition(0, 0);

    public QuotaDefinition {
        if (storageOctets < 0 || messages < 0) {
            throw new IllegalArgumentException("quota limits must not be negative");
        }
    }

    public boolean isUnlimited() {
        return storageOctets == 0 && messages == 0;
    }

    /**
     * Parses a Maildir++ definition such as {@code 10000000S,1000C} or {@code 500000S}; an empty
     * one is {@link #UNLIMITED}.
     *
     * @throws IllegalArgumentException naming the part that is not {@code <digits>S} or {@code <digits>C}
     */
    public static QuotaDefinition parse(String definition) {
        Objects.requireNonNull(definition, "definition");
        long octets = 0;
        long messages = 0;
        if (definition.isBlank()) {
            return UNLIMITED;
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
        return new QuotaDefinition(octets, messages);
    }

    /** The Maildir++ form, {@code <octets>S,<count>C} without the parts that are unlimited. */
    @Override
    public String toString() {
        if (isUnlimited()) {
            return "";
        }
        if (messages == 0) {
            return storageOctets + "S";
        }
        return storageOctets == 0 ? messages + "C" : storageOctets + "S," + messages + "C";
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
