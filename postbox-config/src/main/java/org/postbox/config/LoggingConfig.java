package org.postbox.config;

/**
 * @param level  the root log level: error, warn, info, debug or trace
 * @param format text lines, or one JSON object per line for log shippers
 */
public record LoggingConfig(String level, LogFormat format) {

    /** Text lines at {@code level}. */
    public LoggingConfig(String level) {
        this(level, LogFormat.TEXT);
    }
}
