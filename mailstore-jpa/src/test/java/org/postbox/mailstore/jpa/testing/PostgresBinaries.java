package org.postbox.mailstore.jpa.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.postbox.mailstore.spi.FileTrees;

/**
 * The PostgreSQL binaries that zonky publishes on Maven Central (one jar per platform, version
 * chosen by its BOM), unpacked once per version into a shared cache directory that every user can
 * read and execute: the server may run as an unprivileged user (see {@link EmbeddedPostgresServer}).
 */
final class PostgresBinaries {

    private static final Set<PosixFilePermission> OPEN_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private PostgresBinaries() {
    }

    /** The unpacked installation: {@code bin/}, {@code lib/}, {@code share/}. */
    static synchronized Path installation() {
        try {
            byte[] archive;
            try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
                if (in == null) {
                    throw new IllegalStateException("no embedded PostgreSQL binaries for " + system() + " " + architecture());
                }
                archive = in.readAllBytes();
            }
            Path cache = Path.of(System.getProperty("java.io.tmpdir"), "postbox-embedded-pg");
            createOpenDirectory(cache);
            Path target = cache.resolve(sha256(archive).substring(0, 16));
            Path complete = target.resolve(".complete");
            if (Files.exists(complete)) {
                return target;
            }
            // Several test JVMs may start at once: one unpacks, the others wait for it.
            try (FileChannel lockFile = FileChannel.open(cache.resolve(target.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (lock.isValid() && !Files.exists(complete)) {
                    if (Files.exists(target)) {
                        FileTrees.deleteRecursively(target);
                    }
                    createOpenDirectory(target);
                    unpack(archive, target);
                    Files.createFile(complete);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded PostgreSQL binaries", e);
        }
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    createOpenDirectory(file);
                } else if (entry.isSymbolicLink()) {
                    createOpenDirectory(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    createOpenDirectory(file.getParent());
                    Files.createLink(file, target.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    createOpenDirectory(file.getParent());
                    Files.copy(tar, file);
                    boolean executable = (entry.getMode() & 0111) != 0 || entry.getName().startsWith("bin/")
                            || entry.getName().startsWith("./bin/");
                    setPermissions(file, executable ? "rwxr-xr-x" : "rw-r--r--");
                }
            }
        }
    }

    private static void createOpenDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        setPermissions(directory, PosixFilePermissions.toString(OPEN_DIRECTORY));
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    /** Zonky's platform names. */
    private static String system() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "Linux";
        }
        if (os.contains("mac")) {
            return "Darwin";
        }
        if (os.contains("windows")) {
            return "Windows";
        }
        throw new IllegalStateException("no embedded PostgreSQL binaries for " + os);
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") ? "x86_64" : arch;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
