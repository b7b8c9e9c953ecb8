package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CRLF sizes of files that do not carry a {@code W=} field (mail written by other programs),
 * remembered so that a migrated mailbox is read once rather than at every login. An entry is keyed
 * by the file's identity and its size and mtime, so an edited file is measured again. Bounded:
 * the least recently used entries go first.
 */
final class CrlfSizeCache {

    private final Map<Key, Long> sizes;

    CrlfSizeCache(int capacity) {
        this.sizes = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    long crlfSize(Maildir maildir, StoredMessage message) throws IOException {
        if (message.hasTrustedCrlfSize()) {
            return message.name().crlfSize().getAsLong();
        }
        Key key = new Key(maildir.path(), message.name().baseName(), message.fileSize(), message.modified());
        synchronized (sizes) {
            Long known = sizes.get(key);
            if (known != null) {
                return known;
            }
        }
        // Measured outside the lock: reading a large file must not stall other sessions.
        long measured = maildir.measureCrlfSize(message);
        synchronized (sizes) {
            sizes.put(key, measured);
        }
        return measured;
    }

    private record Key(Path maildir, String baseName, long fileSize, FileTime modified) {
    }
}
