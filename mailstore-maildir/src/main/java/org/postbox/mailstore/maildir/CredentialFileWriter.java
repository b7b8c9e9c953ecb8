package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file that holds password hashes, whole and atomically: a temporary file in the same
 * directory, fsync, rename over the old one, fsync of the directory. Callers serialise writers
 * themselves. The content is written as ISO-8859-1, as {@link ParsedFileCache} reads it.
 */
final class CredentialFileWriter {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialFileWriter.class);

    private static final Set<PosixFilePermission> PRIVATE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r-----");

    private final Durability durability;

    CredentialFileWriter(Durability durability) {
        this.durability = durability;
    }

    /**
     * Writes {@code content} as the new version of {@code file}. The new version keeps the mode,
     * owner and group of the old one; a file created now takes those of {@code model} (a sibling
     * file the same readers need, such as the passwd-file) or, without a model, is readable by
     * owner and group only. So root running the CLI does not lock the daemon's user out.
     */
    void replace(Path file, String content, Path model) throws IOException {
        replace(file, content, model, false);
    }

    /**
     * Like {@link #replace(Path, String, Path)}, but the new version is readable and writable by
     * its owner only, whatever the mode of the old one or of {@code model}: for secrets that
     * nobody but the daemon's user has any business reading, such as admin tokens.
     */
    void replaceOwnerOnly(Path file, String content, Path model) throws IOException {
        replace(file, content, model, true);
    }

    private void replace(Path file, String content, Path model, boolean ownerOnly) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = createPrivately(temporary)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.ISO_8859_1));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                durability.force(out);
            }
            copyOwnershipAndMode(temporary, file, model, ownerOnly);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace files atomically", e);
            }
            durability.syncDirectory(file.getParent());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Hashes are never readable by others, not even for the moment before the mode is copied. */
    private static FileChannel createPrivately(Path temporary) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (Files.getFileStore(temporary.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return FileChannel.open(temporary, options, PosixFilePermissions.asFileAttribute(PRIVATE_PERMISSIONS));
        }
        return FileChannel.open(temporary, options);
    }

    private static void copyOwnershipAndMode(Path temporary, Path file, Path model, boolean ownerOnly) throws IOException {
        PosixFileAttributeView target = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        if (target == null) {
            return;
        }
        PosixFileAttributes original = attributes(file);
        if (original == null && !model.equals(file)) {
            original = attributes(model);
        }
        if (original == null) {
            target.setPermissions(ownerOnly ? PRIVATE_PERMISSIONS : NEW_FILE_PERMISSIONS);
            return;
        }
        target.setPermissions(ownerOnly ? PRIVATE_PERMISSIONS : original.permissions());
        PosixFileAttributes created = target.readAttributes();
        try {
            if (!created.owner().equals(original.owner())) {
                target.setOwner(original.owner());
            }
            if (!created.group().equals(original.group())) {
                target.setGroup(original.group());
            }
        } catch (IOException e) {
            LOG.debug("cannot give {} the owner/group of the file it replaces: {}", file, e.toString());
        }
    }

    private static PosixFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
