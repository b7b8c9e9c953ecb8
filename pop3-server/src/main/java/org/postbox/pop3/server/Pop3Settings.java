package org.postbox.pop3.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything one POP3 listener's sessions need to know, resolved from the configuration.
 *
 * @param listenerName       the listener's name, for logs
 * @param defaultDomain      appended to login names without '@'
 * @param plaintextAllowed   whether USER/PASS may be used by a client at this address
 * @param loginTimeout       time from connect to login, a deadline that commands do not extend
 * @param idleTimeout        idle time allowed after authentication (RFC 1939: at least 10 minutes)
 * @param maxBadCommands     bad commands tolerated before the connection is closed
 * @param maxLineLength      longest command line accepted, CRLF included (RFC 2449: 255)
 * @param maxConnections     open POP3 connections across the listener
 * @param implementation     the CAPA IMPLEMENTATION string
 * @param listenBacklog      connections the kernel holds until they are accepted
 */
public record Pop3Settings(
        String listenerName,
        Optional<String> defaultDomain,
        Predicate<InetAddress> plaintextAllowed,
        Duration loginTimeout,
        Duration idleTimeout,
        int maxBadCommands,
        int maxLineLength,
        int maxConnections,
        String implementation,
        int listenBacklog) {
}
