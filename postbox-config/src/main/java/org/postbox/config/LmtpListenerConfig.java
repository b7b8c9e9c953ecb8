package org.postbox.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys only an LMTP listener has ({@code protocol: lmtp}).
 *
 * @param maxMessageSize     largest message accepted, in octets; advertised as {@code SIZE}
 * @param maxRecipients      accepted recipients per transaction; more get {@code 452 4.5.3}
 * @param overQuotaTemporary answer a full mailbox with {@code 452 4.2.2} (the MTA retries) rather
 *                           than {@code 552 5.2.2} (it bounces)
 * @param hostname           the name in the greeting and the {@code Received} header; empty for
 *                           this machine's name
 * @param spoolDirectory     where messages wait while they are received and delivered
 * @param maxConnections     open connections to this listener; more get {@code 421 4.3.2}
 * @param maxBadCommands     invalid or out-of-sequence commands per connection before it is
 *                           closed with {@code 421 4.7.0}
 * @param maxLineLength      longest command line accepted, CRLF included (at least 512)
 * @param idleTimeout        silence tolerated from the MTA, also in the middle of a message
 * @param duplicateWindow    how long a mailbox remembers a stored message so that the MTA's retry
 *                           of it (its {@code 250} lost) stores no second copy; zero for off
 */
public record LmtpListenerConfig(long maxMessageSize, int maxRecipients, boolean overQuotaTemporary,
        Optional<String> hostname, Path spoolDirectory, int maxConnections, int maxBadCommands, int maxLineLength,
        Duration idleTimeout, Duration duplicateWindow) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    /** LMTP has no assigned port; 24 (Postfix's examples) needs root, so the default is above 1024. */
    public static final int DEFAULT_PORT = 2424;
    public static final String DEFAULT_SPOOL_DIRECTORY = "./spool";
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_MAX_BAD_COMMANDS = 10;
    /** RFC 5321 section 4.5.3.1.4: a command line of 512 octets must be accepted. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 512;
    /** RFC 5321 section 4.5.3.2 suggests minutes for every step of a transaction. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Longer than an MTA takes to retry after a restart of this server (Postfix: minutes to about an hour). */
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofDays(1);

    public LmtpListenerConfig {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
    }

    /** The defaults, spooling under {@code baseDir}. */
    public static LmtpListenerConfig defaults(Path baseDir) {
        return new LmtpListenerConfig(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS, false, Optional.empty(),
                baseDir.resolve(DEFAULT_SPOOL_DIRECTORY).normalize(), DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_BAD_COMMANDS,
                DEFAULT_MAX_LINE_LENGTH, DEFAULT_IDLE_TIMEOUT, DEFAULT_DUPLICATE_WINDOW);
    }
}
