package org.postbox.mailstore.jpa;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import org.postbox.mailstore.StoreException;

/**
 * A stored message body read back one chunk at a time: chunk k+1 is fetched only once chunk k
 * has been consumed, so a reader holds one chunk whatever the message size. The stream ends
 * after exactly the stored size, and fails rather than end early if a chunk has gone.
 */
final class ChunkedMessageStream extends InputStream {

    /** Fetches one chunk of a message, or null if there is no such chunk. */
    @FunctionalInterface
    interface ChunkSource {
        byte[] chunk(long messageId, int seq);
    }

    private final ChunkSource source;
    private final long messageId;
    private final long size;
    private byte[] chunk = new byte[0];
    private int position;
    private int nextSeq;
    private long consumed;
    private boolean closed;

    ChunkedMessageStream(ChunkSource source, long messageId, long size) {
        this.source = source;
        this.messageId = messageId;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        consumed++;
        return chunk[position++] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, target, offset, n);
        position += n;
        consumed += n;
        return n;
    }

    @Override
    public int available() {
        return closed ? 0 : chunk.length - position;
    }

    @Override
    public void close() {
        closed = true;
        chunk = new byte[0];
        position = 0;
    }

    /** Makes unread octets available; false at the end of the message. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (position < chunk.length) {
            return true;
        }
        if (consumed >= size) {
            return false;
        }
        byte[] next;
        try {
            next = source.chunk(messageId, nextSeq);
        } catch (StoreException e) {
            throw new IOException("cannot read message " + messageId + " at chunk " + nextSeq + ": " + e.getMessage(), e);
        }
        if (next == null || next.length == 0 || consumed + next.length > size) {
            throw new IOException("message " + messageId + " is damaged or was removed while being read (chunk "
                    + nextSeq + ", " + consumed + " of " + size + " octets read)");
        }
        nextSeq++;
        chunk = next;
        position = 0;
        return true;
    }
}
