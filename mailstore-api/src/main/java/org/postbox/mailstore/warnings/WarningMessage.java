package org.postbox.mailstore.warnings;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.UsageChange;

/**
 * A quota warning as an RFC 5322 message: {@code Date}, {@code From}, {@code To},
 * {@code Subject} (RFC 2047 encoded when not ASCII), {@code Message-ID}, a MIME
 * {@code text/plain; charset=UTF-8} body, {@code Auto-Submitted: auto-generated} (RFC 3834, so
 * that vacation responders leave it alone) and {@code X-Postbox-Quota-Warning: <threshold>} for
 * filters. Lines end in CRLF.
 */
final class WarningMessage {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Octets of UTF-8 per encoded word: 60 characters of Base64, 72 with its frame, within 76. */
    private static final int ENCODED_WORD_OCTETS = 45;

    private WarningMessage() {
    }

    /** The placeholders' values for a copy that took its mailbox across {@code threshold}. */
    static Map<String, String> values(UsageChange change, int threshold) {
        MailboxAddress mailbox = change.mailbox();
        QuotaUsage usage = change.after();
        MailboxQuota limit = change.limit();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("address", mailbox.toString());
        values.put("domain", mailbox.domain());
        values.put("percent", Long.toString(QuotaThresholds.percent(usage, limit)));
        values.put("threshold", Integer.toString(threshold));
        values.put("used", readable(usage.storedOctets()));
        values.put("limit", limit.storageOctets() > 0 ? readable(limit.storageOctets()) : "no limit");
        values.put("used-octets", Long.toString(usage.storedOctets()));
        values.put("limit-octets", limit.storageOctets() > 0 ? Long.toString(limit.storageOctets()) : "no limit");
        values.put("messages", Long.toString(usage.messages()));
        values.put("message-limit", limit.messages() > 0 ? Long.toString(limit.messages()) : "no limit");
        return values;
    }

    /** Octets in binary units with one decimal, as mail clients show sizes: {@code 819.2 KB}. */
    static String readable(long octets) {
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        if (octets < 1024) {
            return octets + " bytes";
        }
        double value = octets;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static byte[] compose(MailboxAddress to, MailboxAddress from, Instant date, int threshold,
                          WarningTemplate.Rendered text) {
        StringBuilder m = new StringBuilder();
        header(m, "Date", DATE.format(date));
        header(m, "From", from.toString());
        header(m, "To", to.toString());
        header(m, "Subject", encoded(text.subject()));
        header(m, "Message-ID", "<" + UUID.randomUUID() + ".quota-warning@" + to.domain() + ">");
        header(m, "MIME-Version", "1.0");
        header(m, "Content-Type", "text/plain; charset=UTF-8");
        header(m, "Content-Transfer-Encoding", "8bit");
        header(m, "Auto-Submitted", "auto-generated");
        header(m, "X-Postbox-Quota-Warning", Integer.toString(threshold));
        m.append("\r\n");
        m.append(text.body().replace("\r\n", "\n").replace("\n", "\r\n"));
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(StringBuilder m, String name, String value) {
        m.append(name).append(": ").append(value).append("\r\n");
    }

    /** Printable ASCII as it is; anything else as RFC 2047 B-encoded words, folded, never splitting a character. */
    static String encoded(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        while (start < text.length()) {
            int end = start;
            int octets = 0;
            while (end < text.length()) {
                int codePoint = text.codePointAt(end);
                int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + size > ENCODED_WORD_OCTETS) {
                    break;
                }
                octets += size;
                end += Character.charCount(codePoint);
            }
            if (out.length() > 0) {
                out.append("\r\n ");
            }
            out.append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(text.substring(start, end).getBytes(StandardCharsets.UTF_8)))
                    .append("?=");
            start = end;
        }
        return out.toString();
    }
}
