package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.postbox.mailstore.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's aliases and catch-alls ({@link AliasEntries}), in one file of Postbox's own
 * beside the passwd-file: {@code <passwd-file>.aliases}. Dovecot never reads it.
 *
 * <p>It follows the passwd-file's rules, as the {@link AppPasswordFile} does: readers cache it by
 * stamp ({@link ParsedFileCache}), so a delivery pays one stat for it; it is only ever written from
 * within {@link PasswdFile#update}, under the passwd-file's writer lock (a CLI and a daemon may
 * both change aliases), and replaced whole and atomically with the passwd-file's mode, owner and
 * group when it is created.
 */
final class AliasFile {

    private static final Logger LOG = LoggerFactory.getLogger(AliasFile.class);

    static final String SUFFIX = ".aliases";

    private final Path file;
    private final Path passwdFile;
    private final CredentialFileWriter writer;
    private final ParsedFileCache<AliasEntries> cache;
    private volatile List<Integer> reportedUnreadable = List.of();

    AliasFile(Path passwdFile, Durability durability) {
        this.passwdFile = passwdFile;
        this.file = passwdFile.resolveSibling(passwdFile.getFileName() + SUFFIX);
        this.writer = new CredentialFileWriter(durability);
        this.cache = new ParsedFileCache<>(file, AliasEntries::parse, AliasEntries.EMPTY);
    }

    Path path() {
        return file;
    }

    /** The current aliases, as a delivery reads them; a missing file has none. */
    AliasEntries read() {
        try {
            return reported(cache.read());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the aliases " + file + ": " + e.getMessage(), e);
        }
    }

    /** The aliases on disk now; for changes, which run under the passwd-file's writer lock. */
    AliasEntries readForUpdate() {
        try {
            return reported(cache.readFromDisk());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the aliases " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code after} if it differs from {@code before}; only from within {@link PasswdFile#update}. */
    void replace(AliasEntries before, AliasEntries after) {
        if (after.equals(before)) {
            return;
        }
        try {
            writer.replace(file, after.render(), passwdFile);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot update the aliases " + file + ": " + e.getMessage(), e);
        } finally {
            cache.invalidate();
        }
    }

    /** Lines nobody can use are worth one warning per version of the file, not one per delivery. */
    private AliasEntries reported(AliasEntries entries) {
        List<Integer> unreadable = entries.unreadableLines();
        if (!unreadable.isEmpty() && !unreadable.equals(reportedUnreadable)) {
            LOG.warn("ignoring unreadable line(s) {} of {}: expected name: target, target...", unreadable, file);
        }
        reportedUnreadable = unreadable;
        return entries;
    }
}
