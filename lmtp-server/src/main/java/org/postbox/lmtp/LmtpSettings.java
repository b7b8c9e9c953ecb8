package org.postbox.lmtp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything an LMTP listener needs to know, resolved from the configuration. Checked when
 * built: an inconsistent value fails with a message naming the setting and what is allowed.
 *
 * @param hostname           this server's name: in the greeting, the LHLO reply and the
 *                           {@code Received} header ({@code by <hostname>})
 * @param maxLineLength      longest command line accepted, CRLF included; at least 512
 *                           (RFC 5321 section 4.5.3.1.4). Default {@value #DEFAULT_MAX_LINE_LENGTH}.
 * @param maxMessageSize     largest message accepted, in octets as received (after unstuffing,
 *                           CRLF line ends, before the trace headers); advertised as {@code SIZE}.
 *                           Default {@value #DEFAULT_MAX_MESSAGE_SIZE} (50 MiB).
 * @param maxRecipients      accepted recipients per transaction, a repeated RCPT counted each
 *                           time (each gets a reply after the message); more get {@code 452 4.5.3}.
 *                           Default {@value #DEFAULT_MAX_RECIPIENTS} (RFC 5321 section 4.5.3.1.8).
 * @param maxBadCommands     invalid or out-of-sequence commands tolerated per connection; the
 *                           next one closes it with {@code 421 4.7.0}. Default
 *                           {@value #DEFAULT_MAX_BAD_COMMANDS}.
 * @param idleTimeout        silence tolerated from the client, also in the middle of a message
 *                           (RFC 5321 section 4.5.3.2 suggests minutes). Default 5 minutes.
 * @param maxConnections     open connections across the listener; more get {@code 421 4.3.2}.
 *                           Default {@value #DEFAULT_MAX_CONNECTIONS}.
 * @param overQuotaTemporary answer a full mailbox with {@code 452 4.2.2} (the MTA keeps the
 *                           message and retries) instead of {@code 552 5.2.2} (it bounces).
 *                           Default false.
 * @param spoolDirectory     where messages are kept while they are received and delivered,
 *                           one file per transaction, removed afterwards; created if missing.
 *                           Should be on a disk, not a memory file system, since a message
 *                           can be as large as {@code maxMessageSize}.
 * @param duplicateWindow    how long each mailbox remembers the messages it stored
 *                           ({@link org.postbox.mailstore.DeliveryKey}), so that an MTA's retry of
 *                           a message whose {@code 250} it never got is answered without a second
 *                           copy; zero turns this off. Default one day.
 */
public record LmtpSettings(
        String hostname,
        int maxLineLength,
        long maxMessageSize,
        int maxRecipients,
        int maxBadCommands,
        Duration idleTimeout,
        int maxConnections,
        boolean overQuotaTemporary,
        Path spoolDirectory,
        Duration duplicateWindow) {

    public static final int DEFAULT_MAX_LINE_LENGTH = 512;
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final int DEFAULT_MAX_BAD_COMMANDS = 10;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofDays(1);

    private static final Pattern HOSTNAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public LmtpSettings {
        require(hostname != null && hostname.length() <= 253 && HOSTNAME.matcher(hostname).matches(),
                "hostname must be a DNS name such as mail.example.com, got " + hostname);
        require(maxLineLength >= DEFAULT_MAX_LINE_LENGTH,
                "maxLineLength must be at least 512 (RFC 5321), got " + maxLineLength);
        require(maxMessageSize >= 1, "maxMessageSize must be at least 1 octet, got " + maxMessageSize);
        require(maxRecipients >= 1, "maxRecipients must be at least 1, got " + maxRecipients);
        require(maxBadCommands >= 0, "maxBadCommands must be 0 or more, got " + maxBadCommands);
        require(idleTimeout != null && !idleTimeout.isNegative() && !idleTimeout.isZero(),
                "idleTimeout must be positive, got " + idleTimeout);
        require(maxConnections >= 1, "maxConnections must be at least 1, got " + maxConnections);
        require(spoolDirectory != null, "spoolDirectory must be set");
        require(duplicateWindow != null && !duplicateWindow.isNegative(),
                "duplicateWindow must be zero (off) or positive, got " + duplicateWindow);
    }

    /** The settings with the default duplicate window. */
    public LmtpSettings(String hostname, int maxLineLength, long maxMessageSize, int maxRecipients, int maxBadCommands,
                        Duration idleTimeout, int maxConnections, boolean overQuotaTemporary, Path spoolDirectory) {
        this(hostname, maxLineLength, maxMessageSize, maxRecipients, maxBadCommands, idleTimeout, maxConnections,
                overQuotaTemporary, spoolDirectory, DEFAULT_DUPLICATE_WINDOW);
    }

    /** The documented defaults for everything but the host name and the spool directory. */
    public static LmtpSettings defaults(String hostname, Path spoolDirectory) {
        return new LmtpSettings(hostname, DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS,
                DEFAULT_MAX_BAD_COMMANDS, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, false,
                Objects.requireNonNull(spoolDirectory, "spoolDirectory"), DEFAULT_DUPLICATE_WINDOW);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("LMTP listener settings: " + problem);
        }
    }
}
