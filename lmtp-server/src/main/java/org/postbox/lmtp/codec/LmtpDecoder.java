package org.postbox.lmtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Turns the client's bytes into {@link LmtpInput} values, in order, however the bytes are split
 * into packets (RFC 2920 PIPELINING). One instance per connection (see {@link LmtpCodecFactory}).
 * It reads in one of three modes:
 *
 * <dl>
 * <dt>commands</dt>
 * <dd>Lines end with CRLF; a bare LF is tolerated. Each line becomes an {@link LmtpCommand} or an
 *     {@link InvalidCommand} ({@link CommandParser}). A line longer than {@code maxLineLength}
 *     octets, line end included, yields one {@code 500 5.5.2} as soon as the limit is passed; the
 *     rest of it is dropped as it arrives. Octets above 0x7F make the line invalid.</dd>
 * <dt>holding</dt>
 * <dd>Entered right after a well-formed {@code DATA}: what follows is message text if the session
 *     accepts DATA (354), and commands if it refuses it, which only the session can tell. Input
 *     is kept, undecoded, until {@link #release(IoSession, boolean)}; the session stops reading
 *     the connection meanwhile, so at most one read's worth is kept. A client that waits for the
 *     DATA reply, as RFC 2920 section 3.1 asks, sends nothing in this mode.</dd>
 * <dt>message</dt>
 * <dd>The message, read up to {@code <CRLF>.<CRLF>}: dot-unstuffed (RFC 5321 section 4.5.2),
 *     with every bare LF turned into CRLF, so that what is stored is what the MTA sent with CRLF
 *     line ends; a bare CR is kept as it is. It comes as {@link MessageData} pieces, one per read,
 *     then a {@link MessageEnd} with the full size. Only the first {@code maxMessageSize} octets
 *     are passed on; the rest is counted and dropped. Then the decoder reads commands again.
 *     A line of a single dot with a bare LF before or after it ({@code <LF>.<LF>},
 *     {@code <CRLF>.<LF>}, {@code <LF>.<CRLF>}) does not end the message (RFC 5321 section
 *     4.1.1.4): it is kept as text and marks the message (see {@link MessageEnd#bareLfDotLine()}).
 *     </dd>
 * </dl>
 *
 * <pre>
 *   C: "LHLO mx\r\nMAIL FROM:&lt;&gt;\r\nRCPT TO:&lt;a@example.com&gt;\r\nDATA\r\n"
 *   -&gt; Lhlo[mx], Mail[], Rcpt[a@example.com], Data[]          (now holding)
 *   release(session, true); C: "Hi\n..dot\r\n.\r\n"
 *   -&gt; MessageData["Hi\r\n.dot\r\n"], MessageEnd[10]
 * </pre>
 *
 * <p>Thread-safety: MINA calls {@code decode} on the connection's I/O thread, while
 * {@link #release(IoSession, boolean)} comes from a worker; all state is guarded by this object.
 */
public final class LmtpDecoder implements ProtocolDecoder {

    private enum Mode { COMMANDS, HOLDING, MESSAGE }

    /** Where the message reader stands relative to line starts, dots and CRs not yet passed on. */
    private enum TextState { LINE_START, MID_LINE, CR, DOT, DOT_CR }

    private final int maxLineLength;
    private final long maxMessageSize;

    private Mode mode = Mode.COMMANDS;

    private final byte[] line;
    private int lineLength;
    private boolean discardingLine;

    private IoBuffer held;

    private TextState text = TextState.LINE_START;
    /** The line being read began after a bare LF, not after CRLF (or the DATA command). */
    private boolean lineAfterBareLf;
    private boolean bareLfDotLine;
    private long messageOctets;
    private byte[] piece;
    private int pieceLength;

    /**
     * @param maxLineLength  the longest command line, CRLF included (RFC 5321: at least 512)
     * @param maxMessageSize the largest message passed on, in octets after unstuffing
     */
    public LmtpDecoder(int maxLineLength, long maxMessageSize) {
        this.maxLineLength = checkMaxLineLength(maxLineLength);
        this.maxMessageSize = checkMaxMessageSize(maxMessageSize);
        this.line = new byte[maxLineLength];
    }

    static int checkMaxLineLength(int maxLineLength) {
        if (maxLineLength < 3) {
            throw new IllegalArgumentException("maxLineLength must be at least 3, got " + maxLineLength);
        }
        return maxLineLength;
    }

    static long checkMaxMessageSize(long maxMessageSize) {
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
        }
        return maxMessageSize;
    }

    @Override
    public synchronized void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        while (in.hasRemaining()) {
            switch (mode) {
                case COMMANDS -> readCommand(in, out);
                case HOLDING -> hold(in);
                case MESSAGE -> readMessage(in, out);
            }
        }
    }

    /**
     * Ends holding after a DATA command: from now on the decoder reads the message
     * ({@code messageFollows}) or commands. Input that arrived meanwhile is then decoded, on the
     * calling thread, as if it arrived now; the caller resumes reading the connection afterwards.
     *
     * Does nothing once the connection is closed.
     *
     * @throws IllegalStateException if the connection's decoder is not holding
     */
    public static void release(IoSession session, boolean messageFollows) {
        LmtpDecoder decoder = LmtpCodecFactory.decoderOf(session);
        if (decoder == null) {
            return;
        }
        IoBuffer early = decoder.release(messageFollows);
        if (early != null && !session.isClosing()) {
            session.getFilterChain().fireMessageReceived(early);
        }
    }

    /**
     * The mode switch of {@link #release(IoSession, boolean)}, without the re-delivery.
     *
     * @return the input held meanwhile, ready to be read, or null if there was none
     */
    public synchronized IoBuffer release(boolean messageFollows) {
        if (mode != Mode.HOLDING) {
            throw new IllegalStateException("the decoder is not holding input after DATA");
        }
        if (messageFollows) {
            mode = Mode.MESSAGE;
            text = TextState.LINE_START;
            lineAfterBareLf = false;
            bareLfDotLine = false;
            messageOctets = 0;
        } else {
            mode = Mode.COMMANDS;
        }
        IoBuffer early = held;
        held = null;
        if (early == null) {
            return null;
        }
        early.flip();
        return early;
    }

    /** True while the decoder holds input after a DATA command, waiting for {@link #release}. */
    public synchronized boolean isHolding() {
        return mode == Mode.HOLDING;
    }

    @Override
    public void finishDecode(IoSession session, ProtocolDecoderOutput out) {
        // A partial line or message at the end of the connection is dropped: it was never complete.
    }

    @Override
    public synchronized void dispose(IoSession session) {
        held = null;
        piece = null;
        LmtpCodecFactory.forget(session);
    }

    // ---- commands -------------------------------------------------------------------------

    private void readCommand(IoBuffer in, ProtocolDecoderOutput out) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (discardingLine) {
                discardingLine = b != '\n';
                continue;
            }
            if (b == '\n') {
                LmtpInput input = parseLine();
                lineLength = 0;
                out.write(input);
                if (input instanceof LmtpCommand.Data) {
                    mode = Mode.HOLDING;
                    return;
                }
                continue;
            }
            if (lineLength == maxLineLength - 1) {
                // No room left for the LF: the line is over the limit whatever comes next.
                out.write(new InvalidCommand(CommandParser.keyword(keywordPart()),
                        LmtpReply.of(500, "5.5.2", "line too long (at most " + maxLineLength + " octets)")));
                lineLength = 0;
                discardingLine = true;
                continue;
            }
            line[lineLength++] = b;
        }
    }

    private LmtpInput parseLine() {
        int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        for (int i = 0; i < end; i++) {
            if (line[i] < 0) {
                return new InvalidCommand(CommandParser.keyword(asciiPrefix(end)),
                        LmtpReply.of(500, "5.5.2", "command line contains octets outside US-ASCII"));
            }
        }
        return CommandParser.parse(new String(line, 0, end, StandardCharsets.US_ASCII));
    }

    /** The line up to its first space, for the keyword of an over-long line. */
    private String keywordPart() {
        int end = 0;
        while (end < lineLength && line[end] != ' ') {
            end++;
        }
        return end == lineLength ? "" : asciiPrefix(end);
    }

    private String asciiPrefix(int end) {
        int stop = 0;
        while (stop < end && line[stop] >= 0 && line[stop] != ' ') {
            stop++;
        }
        return new String(line, 0, stop, StandardCharsets.US_ASCII);
    }

    // ---- holding --------------------------------------------------------------------------

    private void hold(IoBuffer in) {
        if (held == null) {
            held = IoBuffer.allocate(in.remaining()).setAutoExpand(true);
        }
        held.put(in);
    }

    // ---- the message ----------------------------------------------------------------------

    private void readMessage(IoBuffer in, ProtocolDecoderOutput out) {
        // Each octet read passes on at most two (a bare LF becomes CRLF), plus a CR held back.
        piece = new byte[2 * in.remaining() + 2];
        pieceLength = 0;
        boolean ended = false;
        while (in.hasRemaining() && !ended) {
            byte b = in.get();
            switch (text) {
                case LINE_START -> {
                    if (b == '.') {
                        text = TextState.DOT;
                    } else {
                        midLine(b);
                    }
                }
                case MID_LINE -> midLine(b);
                case CR -> afterCr(b);
                case DOT -> {
                    // The leading dot is dropped: either it was stuffed, or it starts the final line.
                    if (b == '\r') {
                        text = TextState.DOT_CR;
                    } else if (b == '\n') {
                        bareLfDotLine(true);
                    } else {
                        midLine(b);
                    }
                }
                case DOT_CR -> {
                    if (b != '\n') {
                        afterCr(b);
                    } else if (lineAfterBareLf) {
                        bareLfDotLine(false);
                    } else {
                        ended = true;
                    }
                }
            }
        }
        if (pieceLength > 0) {
            out.write(new MessageData(Arrays.copyOf(piece, pieceLength)));
        }
        piece = null;
        if (ended) {
            out.write(new MessageEnd(messageOctets, bareLfDotLine));
            mode = Mode.COMMANDS;
            text = TextState.LINE_START;
        }
    }

    private void midLine(byte b) {
        if (b == '\r') {
            text = TextState.CR;
        } else if (b == '\n') {
            lineEnd(true);
        } else {
            pass(b);
            text = TextState.MID_LINE;
        }
    }

    /** {@code b} follows a CR that was held back. */
    private void afterCr(byte b) {
        if (b == '\n') {
            lineEnd(false);
        } else if (b == '\r') {
            pass((byte) '\r');
            text = TextState.CR;
        } else {
            pass((byte) '\r');
            pass(b);
            text = TextState.MID_LINE;
        }
    }

    private void lineEnd(boolean bareLf) {
        pass((byte) '\r');
        pass((byte) '\n');
        text = TextState.LINE_START;
        lineAfterBareLf = bareLf;
    }

    /**
     * A line of a single dot with a bare LF on either side. Taking it for the end is how SMTP
     * smuggling works: a server in front that reads it as text passes on what follows, a forged
     * envelope and message, which would then be read here as commands. So it is text, and the
     * message is marked: which of its ends the sender meant cannot be told, and the session
     * refuses it. The dot is kept as it came, not unstuffed: it was never stuffed.
     */
    private void bareLfDotLine(boolean endedByBareLf) {
        bareLfDotLine = true;
        pass((byte) '.');
        lineEnd(endedByBareLf);
    }

    private void pass(byte b) {
        messageOctets++;
        if (messageOctets <= maxMessageSize) {
            piece[pieceLength++] = b;
        }
    }
}
