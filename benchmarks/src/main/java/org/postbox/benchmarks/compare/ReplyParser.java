package org.postbox.benchmarks.compare;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Splits the server's octets into replies, in the order the commands were sent, whatever the
 * packet boundaries. Multi-line content is never kept: it is un-stuffed, counted and, for
 * messages, checksummed as it passes, in runs between line ends so the client stays cheap.
 */
final class ReplyParser {

    private enum State { STATUS, LINE_START, DOT, DOT_CR, MID }

    private static final int MAX_STATUS = 4096;
    private static final byte[] BENCH_ID = "X-Bench-Id: ".getBytes(StandardCharsets.US_ASCII);

    private final ArrayDeque<ReplyShape> expected = new ArrayDeque<>();
    private final Consumer<Reply> sink;
    private final byte[] statusLine = new byte[MAX_STATUS];
    private final CRC32 crc = new CRC32();
    private final byte[] firstLine = new byte[64];
    private State state = State.STATUS;
    private int statusLength;
    private String status;
    private ReplyShape shape;
    private long octets;
    private int lines;
    private int firstLineLength;

    ReplyParser(Consumer<Reply> sink) {
        this.sink = sink;
    }

    void expect(ReplyShape next) {
        expected.addLast(next);
    }

    /** Consumes all of {@code in} (flipped, heap buffer). */
    void feed(ByteBuffer in) {
        byte[] bytes = in.array();
        int position = in.arrayOffset() + in.position();
        int limit = in.arrayOffset() + in.limit();
        while (position < limit) {
            position = state == State.STATUS ? status(bytes, position, limit) : content(bytes, position, limit);
        }
        in.position(in.limit());
    }

    private int status(byte[] bytes, int position, int limit) {
        while (position < limit) {
            byte b = bytes[position++];
            if (b == '\n') {
                int end = statusLength > 0 && statusLine[statusLength - 1] == '\r' ? statusLength - 1 : statusLength;
                status = new String(statusLine, 0, end, StandardCharsets.UTF_8);
                statusLength = 0;
                shape = expected.isEmpty() ? ReplyShape.SINGLE : expected.removeFirst();
                if (shape != ReplyShape.SINGLE && status.startsWith("+OK")) {
                    octets = 0;
                    lines = 0;
                    firstLineLength = 0;
                    crc.reset();
                    state = State.LINE_START;
                } else {
                    sink.accept(new Reply(status, 0, 0, 0, -1));
                }
                return position;
            }
            if (statusLength < MAX_STATUS) {
                statusLine[statusLength++] = b;
            }
        }
        return position;
    }

    private int content(byte[] bytes, int position, int limit) {
        while (position < limit) {
            switch (state) {
                case LINE_START -> {
                    if (bytes[position] == '.') {
                        position++;
                        state = State.DOT;
                    } else {
                        state = State.MID;
                    }
                }
                case DOT -> {
                    if (bytes[position] == '\r') {
                        position++;
                        state = State.DOT_CR;
                    } else {
                        state = State.MID; // a stuffed dot: the first one was dropped above
                    }
                }
                case DOT_CR -> {
                    if (bytes[position] == '\n') {
                        state = State.STATUS;
                        sink.accept(new Reply(status, octets, shape == ReplyShape.MESSAGE ? crc.getValue() : 0, lines,
                                shape == ReplyShape.MESSAGE ? benchId() : -1));
                        return position + 1;
                    }
                    // ".\r" followed by something else is not a terminator; keep it as content
                    countContent(new byte[] {'.', '\r'}, 0, 2);
                    state = State.MID;
                }
                case MID -> {
                    int end = position;
                    while (end < limit && bytes[end] != '\n') {
                        end++;
                    }
                    boolean lineEnds = end < limit;
                    if (lineEnds) {
                        end++;
                    }
                    countContent(bytes, position, end - position);
                    position = end;
                    if (lineEnds) {
                        lines++;
                        state = State.LINE_START;
                    }
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
        return position;
    }

    private void countContent(byte[] bytes, int offset, int length) {
        if (shape == ReplyShape.MESSAGE) {
            crc.update(bytes, offset, length);
            if (lines == 0) {
                int copy = Math.min(length, firstLine.length - firstLineLength);
                System.arraycopy(bytes, offset, firstLine, firstLineLength, copy);
                firstLineLength += copy;
            }
        }
        octets += length;
    }

    private int benchId() {
        if (firstLineLength <= BENCH_ID.length) {
            return -1;
        }
        for (int i = 0; i < BENCH_ID.length; i++) {
            if (firstLine[i] != BENCH_ID[i]) {
                return -1;
            }
        }
        int id = 0;
        for (int i = BENCH_ID.length; i < firstLineLength && firstLine[i] >= '0' && firstLine[i] <= '9'; i++) {
            id = id * 10 + firstLine[i] - '0';
        }
        return id;
    }
}
