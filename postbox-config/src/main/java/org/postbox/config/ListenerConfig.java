package org.postbox.config;

import java.util.Optional;

/**
 * One network listener.
 *
 * @param name          unique name, used in logs (and later in metrics)
 * @param protocol      what it speaks; {@code pop3} for now
 * @param address       the IP address to bind
 * @param port          the TCP port
 * @param defaultDomain appended to login names that carry no {@code @domain}
 */
public record ListenerConfig(String name, String protocol, String address, int port, Optional<String> defaultDomain) {
}
