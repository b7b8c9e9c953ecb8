package org.postbox.pop3.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Frames client input into lines and yields one {@link Pop3Request} per line (RFC 1939 section 3),
 * in order, however the bytes are split into packets (RFC 2449 PIPELINING).
 *
 * <p>A line ends with CRLF; a bare LF is tolerated. The line end is not part of the line, which is
 * decoded as UTF-8 and handed to {@link CommandParser}. A line longer than {@code maxLineLength}
 * octets, line end included, yields a single {@link InvalidRequest} as soon as the limit is
 * passed; the rest of that line is then dropped as it arrives, up to and including its LF, and
 * the next line decodes normally. Nothing longer than the limit is ever kept, so a client cannot
 * make a session hold more than {@code maxLineLength} octets of input.
 *
 * <pre>
 *   C: "STAT\r\nretr 1\r\nLIST x\n"
 *   -> Stat[], Retr[message=1], InvalidRequest[LIST, invalid message number 'x']
 * </pre>
 */
public final class Pop3Decoder extends CumulativeProtocolDecoder {

    /** Present while the rest of an over-long line is being dropped. */
    private static final AttributeKey DISCARDING = new AttributeKey(Pop3Decoder.class, "discarding");

    private final int maxLineLength;

    /**
     * @param maxLineLength the longest line accepted, in octets, CRLF included (RFC 2449: 255);
     *                      at least 3, room for one octet and CRLF
     */
    public Pop3Decoder(int maxLineLength) {
        this.maxLineLength = checkMaxLineLength(maxLineLength);
        // Lines must be reassembled across reads on every transport; without this, MINA skips the
        // accumulation for transports it believes deliver whole messages.
        setTransportMetadataFragmentation(false);
    }

    static int checkMaxLineLength(int maxLineLength) {
        if (maxLineLength < 3) {
            throw new IllegalArgumentException("maxLineLength must be at least 3, got " + maxLineLength);
        }
        return maxLineLength;
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        if (session.containsAttribute(DISCARDING)) {
            int lf = indexOfLf(in, in.position(), in.limit());
            if (lf < 0) {
                in.position(in.limit());
                return false;
            }
            in.position(lf + 1);
            session.removeAttribute(DISCARDING);
            return in.hasRemaining();
        }

        int start = in.position();
        int window = Math.min(in.limit(), start + maxLineLength);
        int lf = indexOfLf(in, start, window);
        if (lf >= 0) {
            int end = lf > start && in.get(lf - 1) == '\r' ? lf - 1 : lf;
            out.write(parse(in, start, end));
            in.position(lf + 1);
            return in.hasRemaining();
        }
        if (in.remaining() < maxLineLength) {
            // A partial line: leave it in the buffer until more arrives.
            return false;
        }

        out.write(new InvalidRequest(keywordOf(in, start, window),
                "line too long (at most " + maxLineLength + " octets)"));
        int rest = indexOfLf(in, window, in.limit());
        if (rest < 0) {
            in.position(in.limit());
            session.setAttribute(DISCARDING, Boolean.TRUE);
            return false;
        }
        in.position(rest + 1);
        return in.hasRemaining();
    }

    @Override
    public void dispose(IoSession session) throws Exception {
        session.removeAttribute(DISCARDING);
        super.dispose(session);
    }

    private static int indexOfLf(IoBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Pop3Request parse(IoBuffer in, int start, int end) {
        byte[] bytes = new byte[end - start];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = in.get(start + i);
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            // Replacing bad bytes would let different passwords decode to the same text.
            String lenient = new String(bytes, StandardCharsets.UTF_8);
            return new InvalidRequest(CommandParser.keyword(lenient), "command line is not valid UTF-8");
        }
        return CommandParser.parse(line);
    }

    /** The keyword of an over-long line, if its first space comes within the part seen. */
    private static String keywordOf(IoBuffer in, int start, int end) {
        for (int i = start; i < end; i++) {
            if (in.get(i) == ' ') {
                byte[] token = new byte[i - start];
                for (int j = 0; j < token.length; j++) {
                    token[j] = in.get(start + j);
                }
                return CommandParser.keyword(new String(token, StandardCharsets.UTF_8));
            }
        }
        return "";
    }
}
