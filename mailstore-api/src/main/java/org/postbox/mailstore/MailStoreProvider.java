package org.postbox.mailstore;

import java.nio.file.Path;
import java.util.Map;

/**
 * Creates a {@link MailStore} from the {@code store:} section of the configuration. Registered
 * in {@code META-INF/services/org.postbox.mailstore.MailStoreProvider}; the daemon and the CLI
 * pick the one whose {@link #type()} equals {@code store.type}.
 */
public interface MailStoreProvider {

    /** The value of {@code store.type} that selects this backend, e.g. {@code maildir}. */
    String type();

    /**
     * @param settings   the {@code store:} section, keys without the {@code store.} prefix
     * @param baseDir    what relative paths in the settings are resolved against
     * @throws StoreConfigException naming the offending key and what is allowed
     */
    MailStore open(Map<String, Object> settings, Path baseDir);

    /** Finds the provider for {@code type} on the class path. */
    static MailStoreProvider forType(String type) {
        java.util.List<String> known = new java.util.ArrayList<>();
        for (MailStoreProvider provider : java.util.ServiceLoader.load(MailStoreProvider.class)) {
            if (provider.type().equals(type)) {
                return provider;
            }
            known.add(provider.type());
        }
        throw new StoreConfigException("store.type", "unknown store type '" + type + "'; available: " + known);
    }
}
