package org.postbox.config;

import java.time.Duration;

/**
 * Limits that keep one client from hurting the others.
 *
 * @param maxConnections            open connections per listener
 * @param maxBadCommands            unknown, malformed or out-of-state commands before the connection is closed
 * @param maxLineLength             longest command line in octets, CRLF included (RFC 2449: 255)
 * @param loginTimeout              time from connect to login: a deadline, which commands do not extend
 * @param idleTimeout               idle time allowed after login (RFC 1939 section 3: at least 10 minutes)
 * @param maxConnectionsPerIp       open connections from one client address (IPv6: one /64), all listeners together
 * @param maxConnectionsPerMailboxIp connections from one client address that log in to one mailbox or try to
 * @param maxAuthAttempts           failed logins per connection before it is closed
 * @param loginDelay                the least time between two logins to one mailbox (RFC 2449 LOGIN-DELAY; 0 = none)
 * @param maxSaslLineLength         longest SASL response line in octets, CRLF included (RFC 5034)
 * @param listenBacklog             connections the kernel holds until they are accepted (capped by net.core.somaxconn)
 */
public record LimitsConfig(int maxConnections, int maxBadCommands, int maxLineLength, Duration loginTimeout,
        Duration idleTimeout, int maxConnectionsPerIp, int maxConnectionsPerMailboxIp, int maxAuthAttempts,
        Duration loginDelay, int maxSaslLineLength, int listenBacklog) {

    /** Linux's net.core.somaxconn since 5.4, which caps it anyway. */
    public static final int DEFAULT_LISTEN_BACKLOG = 4096;

    /** The limits of a release without per-client limits: their defaults. */
    public LimitsConfig(int maxConnections, int maxBadCommands, int maxLineLength, Duration loginTimeout,
            Duration idleTimeout) {
        this(maxConnections, maxBadCommands, maxLineLength, loginTimeout, idleTimeout,
                SecurityKeys.DEFAULT_MAX_CONNECTIONS_PER_IP, SecurityKeys.DEFAULT_MAX_CONNECTIONS_PER_MAILBOX_IP,
                SecurityKeys.DEFAULT_MAX_AUTH_ATTEMPTS, Duration.ZERO, SecurityKeys.DEFAULT_MAX_SASL_LINE_LENGTH,
                DEFAULT_LISTEN_BACKLOG);
    }
}
