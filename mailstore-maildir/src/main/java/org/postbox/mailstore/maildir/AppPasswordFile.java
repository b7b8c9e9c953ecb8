package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.postbox.mailstore.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's app passwords ({@link AppPasswordEntries}), in a file of Postbox's own beside
 * the passwd-file: {@code <passwd-file>.app-passwords}. Dovecot never reads it, so its passdb sees
 * only the main passwords, and the passwd-file stays exactly what Dovecot expects.
 *
 * <p>It follows the passwd-file's rules: readers cache it by stamp ({@link ParsedFileCache}) and
 * see every change at their next call; it is only ever written from within
 * {@link PasswdFile#update}, under the passwd-file's writer lock, and replaced whole and
 * atomically with the passwd-file's mode, owner and group when it is created.
 */
final class AppPasswordFile {

    private static final Logger LOG = LoggerFactory.getLogger(AppPasswordFile.class);

    static final String SUFFIX = ".app-passwords";

    private final Path file;
    private final Path passwdFile;
    private final CredentialFileWriter writer;
    private final ParsedFileCache<AppPasswordEntries> cache;
    private volatile List<Integer> reportedUnreadable = List.of();

    AppPasswordFile(Path passwdFile, Durability durability) {
        this.passwdFile = passwdFile;
        this.file = passwdFile.resolveSibling(passwdFile.getFileName() + SUFFIX);
        this.writer = new CredentialFileWriter(durability);
        this.cache = new ParsedFileCache<>(file, AppPasswordEntries::parse, AppPasswordEntries.EMPTY);
    }

    Path path() {
        return file;
    }

    /** The current entries, as a login reads them; a missing file has none. */
    AppPasswordEntries read() {
        try {
            return reported(cache.read());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the app passwords " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entries on disk now; for changes, which run under the passwd-file's writer lock. */
    AppPasswordEntries readForUpdate() {
        try {
            return reported(cache.readFromDisk());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the app passwords " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code after} if it differs from {@code before}; only from within {@link PasswdFile#update}. */
    void replace(AppPasswordEntries before, AppPasswordEntries after) {
        if (after.equals(before)) {
            return;
        }
        try {
            writer.replace(file, after.render(), passwdFile);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot update the app passwords " + file + ": " + e.getMessage(), e);
        } finally {
            cache.invalidate();
        }
    }

    /** Lines nobody can use are worth one warning per version of the file, not one per login. */
    private AppPasswordEntries reported(AppPasswordEntries entries) {
        List<Integer> unreadable = entries.unreadableLines();
        if (!unreadable.isEmpty() && !unreadable.equals(reportedUnreadable)) {
            LOG.warn("ignoring unreadable line(s) {} of {}: expected address:name:hash:created", unreadable, file);
        }
        reportedUnreadable = unreadable;
        return entries;
    }
}
