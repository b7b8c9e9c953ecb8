package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces data to disk when {@code store.fsync} is on. A rename or unlink is only durable once
 * its directory is synced, so every change that must survive a power loss syncs its directory.
 */
final class Durability {

    private final boolean fsync;

    Durability(boolean fsync) {
        this.fsync = fsync;
    }

    void force(FileChannel file) throws IOException {
        if (fsync) {
            file.force(true);
        }
    }

    void syncDirectory(Path directory) throws IOException {
        if (fsync) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }
}
