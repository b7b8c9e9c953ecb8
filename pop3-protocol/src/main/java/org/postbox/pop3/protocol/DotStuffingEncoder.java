package org.postbox.pop3.protocol;

/**
 * Streams a stored message into the body of a multi-line POP3 reply (RFC 1939 section 3), one
 * block at a time, holding only a few flags between blocks:
 *
 * <ul>
 *   <li>a LF not preceded by CR becomes CRLF; CRLF stays; a bare CR and every other byte (8-bit
 *       included) pass unchanged. This is the rule by which the store computes the size it
 *       announces, so the octets sent before stuffing are exactly the announced size;</li>
 *   <li>a '.' that begins a line (at the start, or after a CRLF this transform emitted) is
 *       doubled, so no line of the message can be taken for the terminator;</li>
 *   <li>{@link #finish} ends the last line with CRLF if it has none, then writes {@code .CRLF}.
 *       An empty message needs no extra CRLF: the status line already ended one.</li>
 * </ul>
 *
 * <p>For TOP, a body line limit makes the transform pass the header section, the empty line
 * that ends it (CRLF CRLF, LF LF or a mix) and at most that many body lines, then stop: once
 * {@link #limitReached()} is true the caller need not read the rest of the message. A message
 * without an empty line is all header and is sent whole.
 *
 * <pre>
 *   "a\n.b\nc"  ->  "a\r\n..b\r\nc\r\n.\r\n"
 * </pre>
 *
 * <p>Not thread-safe; one instance per reply.
 */
public final class DotStuffingEncoder {

    /** Pass the whole message. */
    public static final int WHOLE_MESSAGE = -1;

    /** The most octets {@link #finish} writes: CRLF then {@code .CRLF}. */
    public static final int MAX_FINISH_LENGTH = 5;

    private enum Section { HEADER, BODY, DONE }

    private final int bodyLineLimit;
    private Section section;
    private int bodyLinesSent;
    private boolean atLineStart = true;
    private boolean previousWasCr;
    /** Octets of the current line so far, a pending CR included; zero at a line start. */
    private long lineLength;
    private boolean finished;

    /** A transform for the whole message (RETR). */
    public DotStuffingEncoder() {
        this(WHOLE_MESSAGE);
    }

    /**
     * @param bodyLines {@link #WHOLE_MESSAGE}, or for TOP the number of body lines to send after
     *                  the header section (0 sends the header section and its empty line only)
     */
    public DotStuffingEncoder(int bodyLines) {
        if (bodyLines < WHOLE_MESSAGE) {
            throw new IllegalArgumentException("bodyLines must be >= 0 or WHOLE_MESSAGE, got " + bodyLines);
        }
        this.bodyLineLimit = bodyLines;
        this.section = bodyLines == WHOLE_MESSAGE ? Section.BODY : Section.HEADER;
    }

    /** The most octets {@link #encode} can write for {@code inputLength} input octets. */
    public static int maxEncodedLength(int inputLength) {
        return Math.multiplyExact(inputLength, 2);
    }

    /**
     * Transforms {@code in[off, off+len)} into {@code out} from {@code outOff}. Stops early, with
     * the remaining input ignored, when the TOP limit is reached.
     *
     * @return the number of octets written to {@code out}
     * @throws IllegalArgumentException when {@code out} has less room than
     *                                  {@link #maxEncodedLength(int) maxEncodedLength(len)}
     */
    public int encode(byte[] in, int off, int len, byte[] out, int outOff) {
        if (finished) {
            throw new IllegalStateException("encode after finish");
        }
        if (off < 0 || len < 0 || off > in.length - len) {
            throw new IndexOutOfBoundsException("input range " + off + "+" + len + " of " + in.length);
        }
        if (outOff < 0 || outOff > out.length || out.length - outOff < maxEncodedLength(len)) {
            throw new IllegalArgumentException("output needs room for " + maxEncodedLength(len)
                    + " octets at " + outOff + ", has " + (out.length - outOff));
        }
        int o = outOff;
        int end = off + len;
        for (int i = off; i < end && section != Section.DONE; i++) {
            byte b = in[i];
            if (b == '\n') {
                if (!previousWasCr) {
                    out[o++] = '\r';
                }
                out[o++] = '\n';
                endLine();
            } else {
                if (atLineStart && b == '.') {
                    out[o++] = '.';
                }
                out[o++] = b;
                atLineStart = false;
                previousWasCr = b == '\r';
                lineLength++;
            }
        }
        return o - outOff;
    }

    /** True once a TOP reply has all its lines; reading more input is pointless. */
    public boolean limitReached() {
        return section == Section.DONE;
    }

    /**
     * Ends the reply: CRLF if the last line lacks one, then the terminating {@code .CRLF}.
     *
     * @return the number of octets written, at most {@link #MAX_FINISH_LENGTH}
     */
    public int finish(byte[] out, int outOff) {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        if (outOff < 0 || outOff > out.length || out.length - outOff < MAX_FINISH_LENGTH) {
            throw new IllegalArgumentException("output needs room for " + MAX_FINISH_LENGTH + " octets");
        }
        finished = true;
        int o = outOff;
        if (!atLineStart) {
            out[o++] = '\r';
            out[o++] = '\n';
        }
        out[o++] = '.';
        out[o++] = '\r';
        out[o++] = '\n';
        return o - outOff;
    }

    private void endLine() {
        // A CR just before this LF belongs to the line end, not to the line.
        boolean empty = lineLength == (previousWasCr ? 1 : 0);
        atLineStart = true;
        previousWasCr = false;
        lineLength = 0;
        if (section == Section.HEADER) {
            if (empty) {
                section = bodyLineLimit == 0 ? Section.DONE : Section.BODY;
            }
        } else if (section == Section.BODY && bodyLineLimit != WHOLE_MESSAGE) {
            bodyLinesSent++;
            if (bodyLinesSent >= bodyLineLimit) {
                section = Section.DONE;
            }
        }
    }
}
