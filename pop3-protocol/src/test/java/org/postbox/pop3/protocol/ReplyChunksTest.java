package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

class ReplyChunksTest {

    // ---- single-line replies

    @Test
    void singleLineRepliesAreOneChunk() throws IOException {
        try (ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Err(ResponseCode.AUTH, "authentication failed"))) {
            IoBuffer chunk = chunks.next();
            assertThat(text(chunk)).isEqualTo("-ERR [AUTH] authentication failed\r\n");
            assertThat(chunks.next()).isNull();
            assertThat(chunks.next()).isNull();
        }
        assertThat(WireFormat.drainText(new Pop3Reply.Ok(""))).isEqualTo("+OK\r\n");
    }

    @Test
    void chunksAreHeapBuffersReadyToWrite() throws IOException {
        try (ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Ok("x"))) {
            IoBuffer chunk = chunks.next();
            assertThat(chunk.isDirect()).isFalse();
            assertThat(chunk.position()).isZero();
            assertThat(chunk.remaining()).isEqualTo("+OK x\r\n".length());
        }
    }

    // ---- Lines

    @Test
    void linesAreDotStuffedAndTerminated() throws IOException {
        Pop3Reply reply = Pop3Reply.Lines.of("3 messages", List.of("1 120", ".", "..x", "", "a.b"));
        assertThat(WireFormat.drainText(reply))
                .isEqualTo("+OK 3 messages\r\n1 120\r\n..\r\n...x\r\n\r\na.b\r\n.\r\n");
    }

    @Test
    void noLinesIsJustTheStatusAndTheTerminator() throws IOException {
        assertThat(WireFormat.drainText(Pop3Reply.Lines.of("0 messages", List.of()))).isEqualTo("+OK 0 messages\r\n.\r\n");
        assertThat(WireFormat.drainText(Pop3Reply.Lines.of("", List.of()))).isEqualTo("+OK\r\n.\r\n");
    }

    @Test
    void lineTextCannotEndTheLineEarly() throws IOException {
        Pop3Reply reply = Pop3Reply.Lines.of("uidl", List.of("1 abc\r\n.\r\n+OK", "2 é"));
        byte[] wire;
        try (ReplyChunks chunks = ReplyChunks.of(reply)) {
            wire = WireFormat.drain(chunks);
        }
        assertThat(new String(wire, StandardCharsets.UTF_8)).isEqualTo("+OK uidl\r\n1 abc  .  +OK\r\n2 é\r\n.\r\n");
    }

    @Test
    void linesAreProducedLazilyAndChunksStayBounded() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        int count = 200_000;
        Pop3Reply reply = new Pop3Reply.Lines("200000 messages", count, i -> {
            asked.incrementAndGet();
            return (i + 1) + " 00000000000000000000000000000001";
        });
        try (ReplyChunks chunks = ReplyChunks.of(reply)) {
            IoBuffer first = chunks.next();
            assertThat(first.remaining()).isLessThanOrEqualTo(WireFormat.MAX_CHUNK);
            // Only what fits in the first chunk (and the line being copied) has been asked for.
            assertThat(asked.get()).isLessThan(ReplyChunks.CHUNK_SIZE / 30);
            int lineEnds = countLf(first);
            int chunkCount = 1;
            for (IoBuffer chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                assertThat(chunk.remaining()).isPositive().isLessThanOrEqualTo(ReplyChunks.CHUNK_SIZE);
                lineEnds += countLf(chunk);
                chunkCount++;
            }
            // The status line, every line, the terminator.
            assertThat(lineEnds).isEqualTo(1 + count + 1);
            assertThat(chunkCount).isGreaterThan(100);
            assertThat(asked.get()).isEqualTo(count);
        }
    }

    @Test
    void aLineLongerThanAChunkIsSplitAcrossChunks() throws IOException {
        String huge = "x".repeat(3 * ReplyChunks.CHUNK_SIZE);
        Pop3Reply reply = Pop3Reply.Lines.of("big", List.of("a", huge, "b"));
        try (ReplyChunks chunks = ReplyChunks.of(reply)) {
            assertThat(new String(WireFormat.drain(chunks), StandardCharsets.US_ASCII))
                    .isEqualTo("+OK big\r\na\r\n" + huge + "\r\nb\r\n.\r\n");
        }
    }

    @Test
    void aNullLineIsAProgrammingError() {
        ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Lines("x", 1, i -> null));
        assertThatThrownBy(chunks::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("line 0");
        assertThatThrownBy(() -> ReplyChunks.of(new Pop3Reply.Lines("x", -1, i -> "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- Message (RETR)

    @Test
    void messageIsStuffedAndTerminated() throws IOException {
        String message = "From: a\r\nSubject: dots\r\n\r\n.\r\n..two\r\n.hidden\r\nend\r\n";
        assertThat(retr(message)).isEqualTo("+OK 53 octets\r\nFrom: a\r\nSubject: dots\r\n\r\n"
                + "..\r\n...two\r\n..hidden\r\nend\r\n.\r\n");
    }

    @Test
    void bareLfBecomesCrlf() throws IOException {
        assertThat(retr("a\nb\n")).isEqualTo("+OK 53 octets\r\na\r\nb\r\n.\r\n");
    }

    @Test
    void bareCrPassesUnchanged() throws IOException {
        assertThat(retr("a\rb\r\n")).isEqualTo("+OK 53 octets\r\na\rb\r\n.\r\n");
    }

    @Test
    void messageWithoutFinalLineEndGetsOne() throws IOException {
        assertThat(retr("a\r\nb")).isEqualTo("+OK 53 octets\r\na\r\nb\r\n.\r\n");
        assertThat(retr(".")).isEqualTo("+OK 53 octets\r\n..\r\n.\r\n");
    }

    @Test
    void emptyMessageIsJustTheTerminator() throws IOException {
        assertThat(retr("")).isEqualTo("+OK 53 octets\r\n.\r\n");
    }

    @Test
    void eightBitOctetsPassUnchanged() throws IOException {
        byte[] message = {'S', ':', ' ', (byte) 0xe9, (byte) 0x80, (byte) 0xff, '\n', 0, (byte) 0xc3, (byte) 0xa9, '\n'};
        byte[] wire;
        try (ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Message("x", new ByteArrayInputStream(message), -1))) {
            wire = WireFormat.drain(chunks);
        }
        WireFormat.Unstuffed unstuffed = WireFormat.unstuff(wire);
        assertThat(unstuffed.body()).isEqualTo(WireFormat.normalise(message));
    }

    @Test
    void topZeroSendsHeadersAndTheBlankLine() throws IOException {
        String message = "From: a\r\nSubject: s\r\n\r\nline 1\r\nline 2\r\n";
        assertThat(top(message, 0)).isEqualTo("+OK\r\nFrom: a\r\nSubject: s\r\n\r\n.\r\n");
    }

    @Test
    void topOneAndMany() throws IOException {
        String message = "From: a\n\n.line 1\nline 2\nline 3\n";
        assertThat(top(message, 1)).isEqualTo("+OK\r\nFrom: a\r\n\r\n..line 1\r\n.\r\n");
        assertThat(top(message, 2)).isEqualTo("+OK\r\nFrom: a\r\n\r\n..line 1\r\nline 2\r\n.\r\n");
        assertThat(top(message, 99)).isEqualTo("+OK\r\nFrom: a\r\n\r\n..line 1\r\nline 2\r\nline 3\r\n.\r\n");
    }

    @Test
    void topOfAHeadersOnlyMessageIsTheWholeMessage() throws IOException {
        assertThat(top("From: a\r\nSubject: s\r\n", 0)).isEqualTo("+OK\r\nFrom: a\r\nSubject: s\r\n.\r\n");
        assertThat(top("From: a\r\nSubject: s", 3)).isEqualTo("+OK\r\nFrom: a\r\nSubject: s\r\n.\r\n");
        assertThat(top("", 3)).isEqualTo("+OK\r\n.\r\n");
    }

    @Test
    void topStopsReadingAtTheLimitAndClosesTheContent() throws IOException {
        CountingStream content = new CountingStream(new GeneratedMessage(50L * 1024 * 1024));
        try (ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Message("", content, 5))) {
            String wire = new String(WireFormat.drain(chunks), StandardCharsets.US_ASCII);
            assertThat(wire).startsWith("+OK\r\n" + GeneratedMessage.HEADER.replace("\n", "\r\n"));
            // Status, three header lines, the blank line, five body lines, the terminator.
            assertThat(wire.split("\r\n")).hasSize(1 + 3 + 1 + 5 + 1);
        }
        assertThat(content.octetsRead).isLessThanOrEqualTo(ReplyChunks.READ_BLOCK);
        assertThat(content.closed).isEqualTo(1);
    }

    @Test
    void contentIsClosedAtTheEndAndOnClose() throws IOException {
        CountingStream finished = new CountingStream(new ByteArrayInputStream("a\r\n".getBytes(StandardCharsets.US_ASCII)));
        ReplyChunks whole = ReplyChunks.of(new Pop3Reply.Message("", finished, -1));
        WireFormat.drain(whole);
        assertThat(finished.closed).isEqualTo(1);
        whole.close();
        assertThat(finished.closed).isEqualTo(1);

        CountingStream abandoned = new CountingStream(new GeneratedMessage(10L * 1024 * 1024));
        ReplyChunks partial = ReplyChunks.of(new Pop3Reply.Message("", abandoned, -1));
        assertThat(partial.next()).isNotNull();
        partial.close();
        partial.close();
        assertThat(abandoned.closed).isEqualTo(1);
        assertThat(partial.next()).isNull();
    }

    @Test
    void aReadFailurePropagatesAndClosesTheContent() throws IOException {
        CountingStream failing = new CountingStream(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        });
        ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Message("", failing, -1));
        assertThatThrownBy(chunks::next).isInstanceOf(IOException.class).hasMessage("disk on fire");
        assertThat(failing.closed).isEqualTo(1);
        assertThat(chunks.next()).isNull();
    }

    @Test
    void aFailureToCloseTheContentIsNotThrownAtTheCaller() throws IOException {
        InputStream content = new ByteArrayInputStream(new byte[] {'a'}) {
            @Override
            public void close() throws IOException {
                throw new IOException("close failed");
            }
        };
        try (ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Message("", content, -1))) {
            assertThat(new String(WireFormat.drain(chunks), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\na\r\n.\r\n");
        }
    }

    @Test
    void fiftyMegabytesStreamInBoundedChunks() throws IOException {
        long size = 50L * 1024 * 1024;
        GeneratedMessage message = new GeneratedMessage(size);
        long octets = 0;
        long lines = 0;
        int chunkCount = 0;
        byte[] last = new byte[0];
        try (ReplyChunks chunks = ReplyChunks.of(new Pop3Reply.Message("huge", message, -1))) {
            for (IoBuffer chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                assertThat(chunk.remaining()).isPositive().isLessThanOrEqualTo(WireFormat.MAX_CHUNK);
                // The chunk is backed by an array sized for one chunk, not for the message.
                assertThat(chunk.array().length).isLessThanOrEqualTo(WireFormat.MAX_CHUNK);
                octets += chunk.remaining();
                lines += countLf(chunk);
                last = new byte[Math.min(chunk.remaining(), 16)];
                chunk.position(chunk.limit() - last.length);
                chunk.get(last);
                chunkCount++;
            }
        }
        // Every generated LF became CRLF and every leading '.' was doubled; a last line without
        // LF was ended; then come the status line and the terminator.
        long messageLines = message.linesGenerated;
        long lastLineEnded = message.endsWithLf ? 0 : 1;
        assertThat(octets).isEqualTo("+OK huge\r\n".length() + size + messageLines + message.dotsAtLineStart
                + 2 * lastLineEnded + ".\r\n".length());
        assertThat(lines).isEqualTo(1 + messageLines + lastLineEnded + 1);
        assertThat(new String(last, StandardCharsets.US_ASCII)).endsWith("\n.\r\n");
        // Chunks are well filled, not a few octets each.
        assertThat(octets / chunkCount).isGreaterThan(ReplyChunks.CHUNK_SIZE / 2);
        assertThat(message.closed).isTrue();
    }

    private static String retr(String message) throws IOException {
        return WireFormat.drainText(new Pop3Reply.Message("53 octets",
                new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), Pop3Reply.Message.WHOLE));
    }

    private static String top(String message, int lines) throws IOException {
        return WireFormat.drainText(new Pop3Reply.Message("",
                new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), lines));
    }

    private static String text(IoBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int countLf(IoBuffer chunk) {
        int count = 0;
        for (int i = chunk.position(); i < chunk.limit(); i++) {
            if (chunk.get(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    /** Counts what is read and how often the stream is closed. */
    static final class CountingStream extends FilterInputStream {
        long octetsRead;
        int closed;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                octetsRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                octetsRead += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            closed++;
            super.close();
        }
    }

    /**
     * A message of exactly {@code size} octets produced on the fly: a short header with LF line
     * ends, a blank line, then body lines of 70 octets and LF, the odd one starting with '.'.
     */
    static final class GeneratedMessage extends InputStream {
        static final String HEADER = "From: a@example.com\nTo: b@example.com\nSubject: big\n\n";
        private static final byte[] HEAD = HEADER.getBytes(StandardCharsets.US_ASCII);

        private final long size;
        private long position;
        private int column;
        long linesGenerated;
        long dotsAtLineStart;
        boolean endsWithLf;
        boolean closed;

        GeneratedMessage(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            int b;
            if (position < HEAD.length) {
                b = HEAD[(int) position];
            } else if (column == 70) {
                b = '\n';
            } else if (column == 0 && linesGenerated % 7 == 0) {
                b = '.';
                dotsAtLineStart++;
            } else {
                b = 'a' + column % 26;
            }
            position++;
            endsWithLf = b == '\n';
            if (b == '\n') {
                linesGenerated++;
                column = 0;
            } else if (position > HEAD.length) {
                column++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    break;
                }
                b[off + n++] = (byte) c;
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
