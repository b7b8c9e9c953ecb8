package org.postbox.config;

/**
 * The configuration cannot be used. The message names the key (dotted path, e.g.
 * {@code limits.idle-timeout}) and what is allowed there, so an operator can fix it at once.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
    }

    /** The dotted path of the offending key; empty for file-level problems. */
    public String key() {
        return key;
    }
}
