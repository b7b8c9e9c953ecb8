package org.postbox.config;

import java.nio.file.Path;
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
 */
public record LmtpListenerConfig(long maxMessageSize, int maxRecipients, boolean overQuotaTemporary,
        Optional<String> hostname, Path spoolDirectory) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    /** LMTP has no assigned port; 24 (Postfix's examples) needs root, so the default is above 1024. */
    public static final int DEFAULT_PORT = 2424;
    public static final String DEFAULT_SPOOL_DIRECTORY = "./spool";

    public LmtpListenerConfig {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    }

    /** The defaults, spooling under {@code baseDir}. */
    public static LmtpListenerConfig defaults(Path baseDir) {
        return new LmtpListenerConfig(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS, false, Optional.empty(),
                baseDir.resolve(DEFAULT_SPOOL_DIRECTORY).normalize());
    }
}
