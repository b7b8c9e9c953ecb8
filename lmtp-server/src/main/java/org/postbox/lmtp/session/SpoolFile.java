package org.postbox.lmtp.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.MessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message of one transaction on disk while it is received and delivered, so that memory
 * stays bounded whatever its size.
 *
 * <p>The file is removed from its directory as soon as it is open (where the file system
 * allows, as POSIX ones do), and then only reachable through the open channel: whatever happens
 * to the process, the spool directory never keeps a message. It is not synced: until every
 * recipient has its reply the MTA keeps its own copy, and the store syncs what it stores.
 * Created with owner-only permissions (the JDK's temporary-file default).
 */
final class SpoolFile {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFile.class);

    private final Path path;
    private final FileChannel channel;
    private final boolean unlinked;
    private final MessageDigest sha256 = DeliveryKey.sha256();
    private byte[] digest;
    private long size;

    private SpoolFile(Path path, FileChannel channel, boolean unlinked) {
        this.path = path;
        this.channel = channel;
        this.unlinked = unlinked;
    }

    static SpoolFile create(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path path = Files.createTempFile(directory, "lmtp-", ".msg");
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        boolean unlinked;
        try {
            Files.delete(path);
            unlinked = true;
        } catch (IOException stillOpen) {
            // A file system that cannot remove an open file: remove it when the transaction ends.
            unlinked = false;
        }
        return new SpoolFile(path, channel, unlinked);
    }

    void append(byte[] octets) throws IOException {
        if (digest != null) {
            throw new IllegalStateException("the message is finished");
        }
        ByteBuffer buffer = ByteBuffer.wrap(octets);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        size += octets.length;
        sha256.update(octets);
    }

    /** SHA-256 of the octets appended, for the {@link DeliveryKey}; once asked, nothing more may be appended. */
    byte[] digest() {
        if (digest == null) {
            digest = sha256.digest();
        }
        return digest.clone();
    }

    long size() {
        return size;
    }

    /**
     * The stored copy for one recipient: its own header lines, then the message. Each
     * {@code open()} reads the file from its start, independently of any other.
     */
    MessageSource withHeader(byte[] header) {
        return () -> new SequenceInputStream(new ByteArrayInputStream(header), new Reader(size));
    }

    /** Closes the file, which frees its space. Never throws: a leftover is logged, not fatal. */
    void delete() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing spool file {}: {}", path, e.toString());
        }
        if (!unlinked) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("cannot remove spool file {}: {}", path, e.toString());
            }
        }
    }

    /** Reads the first {@code end} octets with positional reads, so readers never disturb the writer or each other. */
    private final class Reader extends InputStream {
        private final long end;
        private long position;

        Reader(long end) {
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int wanted = (int) Math.min(length, end - position);
            int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
            if (n < 0) {
                throw new IOException("spool file ended after " + position + " of " + end + " octets");
            }
            position += n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
