package org.postbox.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys of a {@code protocol: lmtp} listener: {@code max-message-size}, {@code max-recipients},
 * {@code over-quota}, {@code hostname}, {@code spool-directory}, and its limits
 * {@code max-connections}, {@code max-bad-commands}, {@code max-line-length}, {@code idle-timeout}, {@code duplicate-window}. Read by {@link PostboxConfig},
 * kept apart so that its parts stay short.
 */
final class LmtpKeys {

    private LmtpKeys() {
    }

    static LmtpListenerConfig read(ConfigNode n, Path baseDir) {
        long maxMessageSize = OctetSizes.parse(n, "max-message-size", LmtpListenerConfig.DEFAULT_MAX_MESSAGE_SIZE,
                1024, 4L << 30);
        int maxRecipients = n.integer("max-recipients", LmtpListenerConfig.DEFAULT_MAX_RECIPIENTS, 1, 10_000);
        String overQuota = n.string("over-quota", "permanent").toLowerCase(Locale.ROOT);
        boolean temporary = switch (overQuota) {
            case "permanent" -> false;
            case "temporary" -> true;
            default -> throw new ConfigException(n.keyPath("over-quota"), "'" + overQuota + "' is not allowed; use"
                    + " permanent (552 5.2.2: the MTA bounces) or temporary (452 4.2.2: the MTA retries)");
        };
        Optional<String> hostname = n.optionalString("hostname").map(text -> {
            String name = HostNames.normalise(n.keyPath("hostname"), text);
            if (name.startsWith("*.")) {
                throw new ConfigException(n.keyPath("hostname"), "'" + text + "' is a wildcard; give this server's own"
                        + " name, such as mail.example.com");
            }
            return name;
        });
        String spool = n.string("spool-directory", LmtpListenerConfig.DEFAULT_SPOOL_DIRECTORY);
        if (spool.isBlank()) {
            throw new ConfigException(n.keyPath("spool-directory"), "is empty; give a directory on a disk, e.g. ./spool");
        }
        int maxConnections = n.integer("max-connections", LmtpListenerConfig.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
        int maxBadCommands = n.integer("max-bad-commands", LmtpListenerConfig.DEFAULT_MAX_BAD_COMMANDS, 0, 1000);
        int maxLineLength = n.integer("max-line-length", LmtpListenerConfig.DEFAULT_MAX_LINE_LENGTH,
                LmtpListenerConfig.DEFAULT_MAX_LINE_LENGTH, 65_536);
        Duration idleTimeout = n.duration("idle-timeout", LmtpListenerConfig.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(30),
                Duration.ofDays(1));
        // At most a day: a Maildir's record of a crashed delivery relies on its tmp/ file, which
        // Dovecot removes after 36 hours.
        Duration duplicateWindow = n.duration("duplicate-window", LmtpListenerConfig.DEFAULT_DUPLICATE_WINDOW,
                Duration.ZERO, Duration.ofDays(1));
        return new LmtpListenerConfig(maxMessageSize, maxRecipients, temporary, hostname,
                baseDir.resolve(spool).normalize(), maxConnections, maxBadCommands, maxLineLength, idleTimeout,
                duplicateWindow);
    }
}
