package org.postbox.mailstore.jpa;

import java.nio.file.Path;
import java.util.Map;

import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;

/** Selects the PostgreSQL store with {@code store.type: jpa}; see {@link JpaSettings} for its settings. */
public final class JpaStoreProvider implements MailStoreProvider {

    @Override
    public String type() {
        return JpaSettings.TYPE;
    }

    @Override
    public MailStore open(Map<String, Object> settings, Path baseDir) {
        return JpaStore.open(JpaSettings.parse(settings, baseDir));
    }
}
