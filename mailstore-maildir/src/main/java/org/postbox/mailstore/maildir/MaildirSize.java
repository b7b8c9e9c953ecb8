package org.postbox.mailstore.maildir;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.postbox.mailstore.QuotaUsage;

/**
 * The content of a Maildir++ {@code maildirsize} file (Courier's maildirquota(7)), read and
 * written the way Dovecot does, so that Dovecot, Courier and Postbox can share one:
 * <pre>
 * 1073741824S,1000C      the limits: octets (S) and messages (C); 0 or absent means unlimited
 * 52311 12               the usage when the file was last rebuilt: octets and messages
 * 2301 1                 one line per later change, appended; deletions are negative
 * -1200 -1
 * </pre>
 * The usage is the sum of all lines after the first. The file is only a cache of what the Maildir
 * holds: it is rebuilt from the messages when it cannot be trusted, which is (as Dovecot decides)
 * when it is missing, unreadable, {@value #MAX_OCTETS} octets or larger, negative, written for
 * other limits, or shows the mailbox over quota while holding more than its summary line or
 * being older than {@link #STALE_AFTER}. A last line without its line end is a change still
 * being appended by another agent and does not count yet.
 *
 * @param storageLimit the octet limit of its first line, 0 if none
 * @param messageLimit the message limit of its first line, 0 if none
 * @param usage        the sum of its other lines
 * @param changes      how many lines follow the first
 */
record MaildirSize(long storageLimit, long messageLimit, QuotaUsage usage, int changes) {

    /** Files this large are rebuilt rather than read on. */
    static final int MAX_OCTETS = 5120;
    /** How long an over-quota reading stays believable. */
    static final Duration STALE_AFTER = Duration.ofMinutes(15);

    /**
     * Reads file content (at most {@link #MAX_OCTETS} octets were read; longer files are handed
     * over cut short and are refused here). Empty when the content cannot be used.
     */
    static Optional<MaildirSize> parse(byte[] content) {
        if (content.length >= MAX_OCTETS) {
            return Optional.empty();
        }
        int end = content.length;
        while (end > 0 && content[end - 1] != '\n') {
            end--; // an unfinished last line
        }
        if (end == 0) {
            return Optional.empty();
        }
        String text = new String(content, 0, end - 1, StandardCharsets.ISO_8859_1);
        if (text.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String[] lines = text.split("\n", -1);
        long[] limits = limits(lines[0]);
        long octets = 0;
        long messages = 0;
        for (int i = 1; i < lines.length; i++) {
            String[] numbers = lines[i].strip().split("[ \t]+");
            if (numbers.length < 2) {
                return Optional.empty();
            }
            try {
                octets = Math.addExact(octets, Long.parseLong(numbers[0]));
                messages = Math.addExact(messages, Integer.parseInt(numbers[1]));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        if (octets < 0 || messages < 0) {
            return Optional.empty();
        }
        return Optional.of(new MaildirSize(limits[0], limits[1], new QuotaUsage(octets, messages), lines.length - 1));
    }

    /**
     * Whether the usage can be believed for these limits at {@code now}, the file having been
     * written last at {@code modified}; if not, the Maildir is counted again.
     */
    boolean trustworthy(long storage, long messageCount, Instant modified, Instant now) {
        if (storage != storageLimit || messageCount != messageLimit) {
            return false;
        }
        boolean over = (storage > 0 && usage.storedOctets() > storage)
                || (messageCount > 0 && usage.messages() > messageCount);
        return !over || (changes <= 1 && !modified.isBefore(now.minus(STALE_AFTER)));
    }

    /** A rebuilt file: the limits line and one summary line. */
    static String render(long storage, long messageCount, QuotaUsage usage) {
        return header(storage, messageCount) + "\n" + change(usage);
    }

    /** One appended line. */
    static String change(QuotaUsage delta) {
        return delta.storedOctets() + " " + delta.messages() + "\n";
    }

    /** As Dovecot writes it: {@code 0S} rather than an empty line when there are no limits. */
    static String header(long storage, long messageCount) {
        StringBuilder line = new StringBuilder();
        if (storage != 0 || messageCount == 0) {
            line.append(storage).append('S');
        }
        if (messageCount != 0) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(messageCount).append('C');
        }
        return line.toString();
    }

    /** Octets and messages of a limits line; parts that cannot be read count as unlimited, as in Dovecot. */
    private static long[] limits(String line) {
        long[] limits = {0, 0};
        for (String part : line.strip().split(",")) {
            if (part.length() < 2) {
                continue;
            }
            char kind = part.charAt(part.length() - 1);
            try {
                long value = Long.parseLong(part.substring(0, part.length() - 1));
                if (value > 0 && kind == 'S') {
                    limits[0] = value;
                } else if (value > 0 && kind == 'C') {
                    limits[1] = value;
                }
            } catch (NumberFormatException e) {
                // ignored, like an unreadable part in Dovecot
            }
        }
        return limits;
    }
}
