package org.postbox.mailstore.maildir;

import java.nio.file.Path;
import java.util.Map;

import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;

/** Selects the Dovecot-compatible Maildir store with {@code store.type: maildir}. */
public final class MaildirStoreProvider implements MailStoreProvider {

    @Override
    public String type() {
        return MaildirSettings.TYPE;
    }

    @Override
    public MailStore open(Map<String, Object> settings, Path baseDir) {
        return new MaildirStore(MaildirSettings.parse(settings, baseDir));
    }
}
