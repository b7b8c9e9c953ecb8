package org.postbox.mailstore.conformance;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;

/**
 * How to reach one backend's storage through its {@link MailStoreProvider}, exactly as the daemon
 * and the CLI do. The suite opens second instances and child processes from it.
 *
 * @param type     the provider's {@code store.type}
 * @param settings the {@code store:} section; values must be serializable (text, booleans,
 *                 numbers, lists and maps, as YAML yields them) so a child JVM can get them
 * @param baseDir  what relative paths in the settings are resolved against
 */
public record StoreLocation(String type, Map<String, Object> settings, Path baseDir) {

    public StoreLocation {
        Objects.requireNonNull(type, "type");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(baseDir, "baseDir");
    }

    public MailStore open() {
        return MailStoreProvider.forType(type).open(settings, baseDir);
    }
}
