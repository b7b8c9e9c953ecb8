package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * A small file that other processes may rewrite at any time, kept parsed in memory and read again
 * when its identity, mtime or size changes, so that a reader sees every change at its next call
 * for the price of one stat. A version is only trusted from the cache once its mtime lies further
 * in the past than any file system's timestamp granularity: a later rewrite then necessarily
 * carries another mtime, even if it reuses the inode and has the same size.
 *
 * <p>The content is handled as ISO-8859-1, so that every byte survives a rewrite.
 *
 * @param <T> the parsed content
 */
final class ParsedFileCache<T> {

    private static final Duration TIMESTAMP_GRANULARITY = Duration.ofSeconds(2);

    private final Path file;
    private final Function<String, T> parser;
    private final T missing;
    private volatile Cached<T> cached;

    /**
     * @param parser  turns the whole content into the parsed form
     * @param missing what a missing file stands for
     */
    ParsedFileCache(Path file, Function<String, T> parser, T missing) {
        this.file = file;
        this.parser = parser;
        this.missing = missing;
    }

    /** The current content, from the cache while the file is unchanged. */
    T read() throws IOException {
        Stamp stamp = Stamp.of(file);
        Cached<T> current = cached;
        if (current != null && current.trusted() && current.stamp().equals(stamp)) {
            return current.content();
        }
        Instant readAt = Instant.now();
        T content = readFromDisk();
        // Stamp again: if the file changed while we read it, the next call reads again.
        Stamp after = Stamp.of(file);
        cached = new Cached<>(after, content,
                after.equals(stamp) && after.isOlderThan(readAt.minus(TIMESTAMP_GRANULARITY)));
        return content;
    }

    /** The content as it is on disk now, bypassing the cache; for writers, under their lock. */
    T readFromDisk() throws IOException {
        try {
            return parser.apply(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return missing;
        }
    }

    /** Forgets the cached content; writers call it after a change. */
    void invalidate() {
        cached = null;
    }

    /** What identifies one version of the file. A missing file has the stamp {@link #MISSING}. */
    private record Stamp(Object fileKey, FileTime modified, long size) {
        static final Stamp MISSING = new Stamp(null, null, -1);

        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            } catch (NoSuchFileException e) {
                return MISSING;
            }
        }

        boolean isOlderThan(Instant instant) {
            return modified == null || modified.toInstant().isBefore(instant);
        }
    }

    private record Cached<T>(Stamp stamp, T content, boolean trusted) {
    }
}
