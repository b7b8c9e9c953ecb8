package org.postbox.pop3.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The wire form of one reply as a sequence of bounded buffers, produced on demand, so that a
 * large LIST, UIDL, RETR or TOP never sits whole in memory (RFC 1939 section 3):
 *
 * <pre>
 *   ReplyChunks chunks = ReplyChunks.of(reply);
 *   try {
 *       for (IoBuffer chunk; (chunk = chunks.next()) != null; ) {
 *           session.write(chunk);      // pause here while the peer is slow
 *       }
 *   } finally {
 *       chunks.close();
 *   }
 * </pre>
 *
 * <p>A single-line reply is one chunk. {@link Pop3Reply.Lines} asks its line function for one line
 * at a time. {@link Pop3Reply.Message} reads its content in blocks of {@value #READ_BLOCK} octets
 * through a {@link DotStuffingEncoder}, stops reading once a TOP reply is complete, and closes the
 * content at the end or on {@link #close()}. Every chunk holds at most {@value #CHUNK_SIZE} octets,
 * plus the status line on the first one; the memory held between chunks is a fixed few tens of
 * KiB whatever the reply's size.
 *
 * <p>If {@link #next()} throws, part of the reply may already be on the wire and no {@code -ERR}
 * can follow it: the connection must be closed. Not thread-safe: one pump per reply.
 */
public final class ReplyChunks implements AutoCloseable {

    /** The most octets of reply content per chunk. */
    public static final int CHUNK_SIZE = 64 * 1024;

    /** The most octets read from a message's content at once. */
    static final int READ_BLOCK = 32 * 1024;

    /**
     * Reading a smaller piece than this to top up a nearly full chunk costs a read per few
     * octets; the chunk goes out instead.
     */
    private static final int MIN_READ = 2 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private final Producer producer;
    private boolean done;

    private ReplyChunks(Producer producer) {
        this.producer = producer;
    }

    /** The chunks of any reply; single-line replies give exactly one chunk. */
    public static ReplyChunks of(Pop3Reply reply) {
        Objects.requireNonNull(reply, "reply");
        if (reply instanceof Pop3Reply.Lines) {
            Pop3Reply.Lines lines = (Pop3Reply.Lines) reply;
            if (lines.count() < 0) {
                throw new IllegalArgumentException("negative line count " + lines.count());
            }
            return new ReplyChunks(new LinesProducer(StatusLine.of(reply), lines.count(),
                    Objects.requireNonNull(lines.line(), "line function")));
        }
        if (reply instanceof Pop3Reply.Message) {
            Pop3Reply.Message message = (Pop3Reply.Message) reply;
            return new ReplyChunks(new MessageProducer(StatusLine.of(reply),
                    Objects.requireNonNull(message.content(), "content"),
                    new DotStuffingEncoder(message.bodyLines())));
        }
        return new ReplyChunks(new SingleLineProducer(StatusLine.of(reply)));
    }

    /**
     * The next part of the reply, a heap buffer flipped and ready to write, never empty; null
     * once the whole reply, terminator included, has been returned, or after {@link #close()}.
     *
     * @throws IOException when the message content cannot be read; the content is then closed
     */
    public IoBuffer next() throws IOException {
        if (done) {
            return null;
        }
        try {
            ChunkBuffer chunk = producer.next();
            if (producer.exhausted()) {
                done = true;
                producer.release();
            }
            return chunk.toIoBuffer();
        } catch (IOException | RuntimeException e) {
            done = true;
            producer.release();
            throw e;
        }
    }

    /** Stops the reply and closes the message content, if any. Idempotent; never throws. */
    @Override
    public void close() {
        done = true;
        producer.release();
    }

    /** One kind of reply, producing its octets chunk by chunk. */
    private interface Producer {

        /** The next chunk; only called while not {@link #exhausted()}. */
        ChunkBuffer next() throws IOException;

        boolean exhausted();

        /** Releases what the reply holds; idempotent. */
        void release();
    }

    private static final class SingleLineProducer implements Producer {
        private final byte[] line;
        private boolean sent;

        SingleLineProducer(byte[] line) {
            this.line = line;
        }

        @Override
        public ChunkBuffer next() {
            sent = true;
            ChunkBuffer chunk = new ChunkBuffer(line.length);
            chunk.put(line, 0, line.length);
            return chunk;
        }

        @Override
        public boolean exhausted() {
            return sent;
        }

        @Override
        public void release() {
            // Nothing is held.
        }
    }

    /**
     * Lines are fetched one at a time and copied into the chunk; a line longer than the room
     * left continues in the next chunk, so chunks stay bounded even for absurd lines.
     */
    private static final class LinesProducer implements Producer {
        private final byte[] status;
        private final int count;
        private final IntFunction<String> lineFunction;
        private int nextIndex;
        private byte[] pending;
        private int pendingOffset;
        private boolean statusSent;
        private boolean terminated;

        LinesProducer(byte[] status, int count, IntFunction<String> lineFunction) {
            this.status = status;
            this.count = count;
            this.lineFunction = lineFunction;
        }

        @Override
        public ChunkBuffer next() {
            ChunkBuffer chunk = new ChunkBuffer(statusSent ? CHUNK_SIZE : CHUNK_SIZE + status.length);
            if (!statusSent) {
                chunk.put(status, 0, status.length);
                statusSent = true;
            }
            while (chunk.room() > 0 && !terminated) {
                if (pending != null) {
                    int n = Math.min(chunk.room(), pending.length - pendingOffset);
                    chunk.put(pending, pendingOffset, n);
                    pendingOffset += n;
                    if (pendingOffset == pending.length) {
                        pending = null;
                    }
                } else if (nextIndex < count) {
                    pending = stuffedLine(nextIndex);
                    pendingOffset = 0;
                    nextIndex++;
                } else if (chunk.room() >= TERMINATOR.length) {
                    chunk.put(TERMINATOR, 0, TERMINATOR.length);
                    terminated = true;
                } else {
                    break;
                }
            }
            return chunk;
        }

        private byte[] stuffedLine(int index) {
            String line = lineFunction.apply(index);
            if (line == null) {
                throw new IllegalStateException("line " + index + " of a multi-line reply is null");
            }
            byte[] text = StatusLine.singleLine(line).getBytes(StandardCharsets.UTF_8);
            int stuffing = text.length > 0 && text[0] == '.' ? 1 : 0;
            byte[] encoded = new byte[stuffing + text.length + CRLF.length];
            if (stuffing == 1) {
                encoded[0] = '.';
            }
            System.arraycopy(text, 0, encoded, stuffing, text.length);
            System.arraycopy(CRLF, 0, encoded, stuffing + text.length, CRLF.length);
            return encoded;
        }

        @Override
        public boolean exhausted() {
            return terminated;
        }

        @Override
        public void release() {
            // The line function holds nothing that needs closing.
        }
    }

    /**
     * Reads the content into a block and transforms it into the chunk until the chunk is nearly
     * full. The transform at most doubles its input, so each read is sized to what is left.
     */
    private static final class MessageProducer implements Producer {
        private final byte[] status;
        private final InputStream content;
        private final DotStuffingEncoder encoder;
        private final byte[] block = new byte[READ_BLOCK];
        private boolean statusSent;
        private boolean terminated;
        private boolean released;

        MessageProducer(byte[] status, InputStream content, DotStuffingEncoder encoder) {
            this.status = status;
            this.content = content;
            this.encoder = encoder;
        }

        @Override
        public ChunkBuffer next() throws IOException {
            ChunkBuffer chunk = new ChunkBuffer(CHUNK_SIZE + (statusSent ? 0 : status.length));
            if (!statusSent) {
                chunk.put(status, 0, status.length);
                statusSent = true;
            }
            boolean ended = encoder.limitReached();
            while (!ended) {
                int wanted = Math.min(READ_BLOCK,
                        (chunk.room() - DotStuffingEncoder.MAX_FINISH_LENGTH) / 2);
                if (wanted < MIN_READ) {
                    break;
                }
                int n = content.read(block, 0, wanted);
                if (n < 0) {
                    ended = true;
                } else {
                    chunk.encode(encoder, block, n);
                    ended = encoder.limitReached();
                }
            }
            if (ended) {
                chunk.finish(encoder);
                terminated = true;
            }
            return chunk;
        }

        @Override
        public boolean exhausted() {
            return terminated;
        }

        @Override
        public void release() {
            if (released) {
                return;
            }
            released = true;
            try {
                content.close();
            } catch (IOException e) {
                // The content is only read: failing to close it loses nothing, and throwing here
                // would interrupt a caller's cleanup path (releasing the maildrop lock) for it.
            }
        }
    }

    /**
     * A byte array being filled up to a limit. It starts small and grows on demand, so a short
     * reply does not cost a full chunk's allocation.
     */
    private static final class ChunkBuffer {
        private static final int INITIAL_CAPACITY = 1024;

        private final int limit;
        private byte[] bytes;
        private int size;

        ChunkBuffer(int limit) {
            this.limit = limit;
            this.bytes = new byte[Math.min(limit, INITIAL_CAPACITY)];
        }

        int room() {
            return limit - size;
        }

        void put(byte[] source, int offset, int length) {
            ensureRoom(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        void encode(DotStuffingEncoder encoder, byte[] input, int length) {
            ensureRoom(DotStuffingEncoder.maxEncodedLength(length));
            size += encoder.encode(input, 0, length, bytes, size);
        }

        void finish(DotStuffingEncoder encoder) {
            ensureRoom(DotStuffingEncoder.MAX_FINISH_LENGTH);
            size += encoder.finish(bytes, size);
        }

        IoBuffer toIoBuffer() {
            return IoBuffer.wrap(bytes, 0, size);
        }

        private void ensureRoom(int length) {
            int needed = size + length;
            if (needed > limit) {
                throw new IllegalStateException("chunk limit " + limit + " exceeded: " + needed);
            }
            if (needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(needed, bytes.length * 2)));
            }
        }
    }
}
