package org.postbox.config;

/**
 * @param level the root log level: error, warn, info, debug or trace
 */
public record LoggingConfig(String level) {
}
