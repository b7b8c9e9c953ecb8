package org.postbox.config;

import java.util.Locale;

/** How postboxd writes its log lines: {@code logging.format}. */
public enum LogFormat {
    /** One line of text per event, as the Logback configuration's patterns say. */
    TEXT,
    /** One JSON object per line (Logback's JsonEncoder), for log shippers. */
    JSON;

    /** The value as written in the configuration: {@code text} or {@code json}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LogFormat parse(String key, String text) {
        for (LogFormat format : values()) {
            if (format.configName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new ConfigException(key, "'" + text + "' is not a log format; use text or json");
    }
}
