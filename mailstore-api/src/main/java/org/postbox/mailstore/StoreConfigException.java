package org.postbox.mailstore;

/** A store setting is missing or invalid; the message names the key and what is allowed. */
public final class StoreConfigException extends StoreException {
    private final String key;

    public StoreConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
