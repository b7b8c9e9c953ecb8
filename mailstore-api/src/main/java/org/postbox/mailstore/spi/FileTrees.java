package org.postbox.mailstore.spi;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;

/**
 * Walking and removing directory trees that other agents (a second daemon, the CLI, Dovecot) may
 * be changing at the same time: an entry that vanishes meanwhile is no error. Links are never
 * followed. For a file-based backend (removing a mailbox), and for tests and benchmarks cleaning
 * up after themselves.
 */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes {@code top} with everything below it; nothing happens if it does not exist. */
    public static void deleteRecursively(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(top, new Tolerant() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Whether any entry below {@code top} that is not a directory passes {@code test}; it stops at the first. */
    public static boolean anyFile(Path top, BiPredicate<Path, BasicFileAttributes> test) throws IOException {
        AtomicBoolean found = new AtomicBoolean();
        Files.walkFileTree(top, new Tolerant() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (test.test(file, attrs)) {
                    found.set(true);
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found.get();
    }

    /** Passes over entries that vanish between being listed and being visited. */
    private static class Tolerant extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }
}
