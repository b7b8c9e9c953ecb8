package org.postbox.config;

import java.nio.file.Path;
import java.util.Map;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.StoreConfigException;

/**
 * The {@code store:} section. Its keys other than {@code type} belong to the backend, which
 * validates them when the store is opened.
 *
 * @param type     the backend, e.g. {@code maildir}
 * @param settings the whole section as plain values
 * @param baseDir  what relative paths in the section are resolved against
 */
public record StoreConfig(String type, Map<String, Object> settings, Path baseDir) {

    /** Opens the configured backend; a bad store setting becomes a {@link ConfigException} on {@code store.<key>}. */
    public MailStore open() {
        try {
            return MailStoreProvider.forType(type).open(settings, baseDir);
        } catch (StoreConfigException e) {
            String key = e.key().startsWith("store.") ? e.key() : "store." + e.key();
            String message = e.getMessage().startsWith(e.key() + ": ")
                    ? e.getMessage().substring(e.key().length() + 2) : e.getMessage();
            throw new ConfigException(key, message);
        }
    }
}
