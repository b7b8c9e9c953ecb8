package org.postbox.config;

import java.time.Duration;

/**
 * Limits that keep one client from hurting the others.
 *
 * @param maxConnections  open connections per listener
 * @param maxBadCommands  unknown, malformed or out-of-state commands before the connection is closed
 * @param maxLineLength   longest command line in octets, CRLF included (RFC 2449: 255)
 * @param loginTimeout    idle time allowed before a client has logged in
 * @param idleTimeout     idle time allowed after login (RFC 1939 section 3: at least 10 minutes)
 */
public record LimitsConfig(int maxConnections, int maxBadCommands, int maxLineLength, Duration loginTimeout,
        Duration idleTimeout) {
}
