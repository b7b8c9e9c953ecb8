package org.postbox.migration.dovecot;

import java.util.Locale;

import org.postbox.mailstore.MailboxQuota;

/**
 * Dovecot's quota rule ({@code quota_rule}, {@code userdb_quota_rule}):
 * {@code <mailbox>:<limit>[:<limit>...]} with limits {@code storage=<n>[unit]} (kilobytes without
 * a unit), {@code bytes=<n>[unit]} and {@code messages=<n>}, units {@code B}, {@code k},
 * {@code M}, {@code G}, {@code T} (binary). Only rules for the whole mailbox ({@code *} or
 * {@code ?}) with absolute limits translate into a {@link MailboxQuota}; percentages,
 * increments ({@code +}, {@code -}) and {@code ignore} are refused with the reason.
 */
public final class DovecotQuotaRule {

    private DovecotQuotaRule() {
    }

    /**
     * @throws IllegalArgumentException saying which part of the rule cannot be taken over
     */
    public static MailboxQuota parse(String rule) {
        String[] parts = rule.split(":", -1);
        if (!parts[0].equals("*") && !parts[0].equals("?")) {
            throw new IllegalArgumentException("quota rule '" + rule + "' is for the folder " + parts[0]
                    + ", not the whole mailbox (*)");
        }
        if (parts.length < 2) {
            throw new IllegalArgumentException("quota rule '" + rule + "' has no limit");
        }
        long octets = 0;
        long messages = 0;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("quota rule '" + rule + "': '" + part
                        + "' is not storage=, bytes= or messages=");
            }
            String key = part.substring(0, equals).toLowerCase(Locale.ROOT);
            String value = part.substring(equals + 1);
            switch (key) {
                case "storage" -> octets = amount(rule, value, 1024);
                case "bytes" -> octets = amount(rule, value, 1);
                case "messages" -> messages = amount(rule, value, 1);
                default -> throw new IllegalArgumentException("quota rule '" + rule + "': '" + key
                        + "' is not storage, bytes or messages");
            }
        }
        return new MailboxQuota(octets, messages);
    }

    private static long amount(String rule, String value, long defaultUnit) {
        int digits = 0;
        while (digits < value.length() && value.charAt(digits) >= '0' && value.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits > 18) {
            throw new IllegalArgumentException("quota rule '" + rule + "': '" + value
                    + "' is not an absolute amount (percentages and +/- changes cannot be taken over)");
        }
        long number = Long.parseLong(value.substring(0, digits));
        long unit = switch (value.substring(digits).toUpperCase(Locale.ROOT)) {
            case "" -> defaultUnit;
            case "B" -> 1;
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> throw new IllegalArgumentException("quota rule '" + rule + "': unknown unit in '" + value
                    + "' (use B, k, M, G or T)");
        };
        try {
            return Math.multiplyExact(number, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("quota rule '" + rule + "': '" + value + "' is too large", e);
        }
    }
}
