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
import org.apache.mina.filter.ssl.SslFilter;

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
 * <p>While {@link SaslResponseMode} is active (from an {@code AUTH} command to the end of its
 * exchange) each line is a {@link SaslResponse} instead, limited by {@code maxSaslLineLength}, as
 * a response such as an OAuth bearer token may be several KiB. An {@code AUTH} line itself gets
 * that limit too: RFC 5034 asks clients to keep an initial response within the command limit,
 * but OAuth clients put whole tokens there.
 *
 * <p>{@code STLS} on a connection not yet under TLS is the last line decoded from the clear
 * text: whatever follows it in the same read is dropped, and so is everything received after it,
 * until the TLS handshake has completed (the session then carries {@link SslFilter#SSL_SECURED})
 * or the engine reports the STLS refused through {@link #stlsRefused(IoSession)}. So nothing a
 * client, or an attacker in the path, sends in the clear after STLS can ever be executed as if it
 * had come under TLS (the bug class of CVE-2021-38084 and CVE-2021-38542).
 *
 * <pre>
 *   C: "STAT\r\nretr 1\r\nLIST x\n"
 *   -> Stat[], Retr[message=1], InvalidRequest[LIST, invalid message number 'x']
 *   C: "STLS\r\nUSER x\r\n"
 *   -> Stls[]                       ("USER x" is dropped)
 * </pre>
 */
public final class Pop3Decoder extends CumulativeProtocolDecoder {

    /** Present while the rest of an over-long line is being dropped. */
    private static final AttributeKey DISCARDING = new AttributeKey(Pop3Decoder.class, "discarding");
    /** Present from a clear-text STLS until TLS is up or the STLS was refused: all input is dropped. */
    private static final AttributeKey AFTER_STLS = new AttributeKey(Pop3Decoder.class, "afterStls");

    private final int maxLineLength;
    private final int maxSaslLineLength;

    /**
     * @param maxLineLength the longest line accepted, in octets, CRLF included (RFC 2449: 255);
     *                      at least 3, room for one octet and CRLF
     */
    public Pop3Decoder(int maxLineLength) {
        this(maxLineLength, maxLineLength);
    }

    /**
     * @param maxLineLength     the longest command line accepted, in octets, CRLF included
     * @param maxSaslLineLength the longest SASL response line accepted, in octets, CRLF included
     */
    public Pop3Decoder(int maxLineLength, int maxSaslLineLength) {
        this.maxLineLength = checkMaxLineLength(maxLineLength);
        this.maxSaslLineLength = checkMaxLineLength(maxSaslLineLength);
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

    /**
     * Resumes decoding after an STLS that the server refused: the connection stays in the clear,
     * so the client's next commands are read as before. Input that arrived in between is lost.
     */
    public static void stlsRefused(IoSession session) {
        session.removeAttribute(AFTER_STLS);
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        if (session.containsAttribute(AFTER_STLS)) {
            if (!underTls(session)) {
                in.position(in.limit());
                return false;
            }
            // Only a completed handshake sets the attribute, so these octets were decrypted.
            session.removeAttribute(AFTER_STLS);
        }
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

        boolean sasl = SaslResponseMode.isActive(session);
        int start = in.position();
        int limit = sasl || isAuth(in, start) ? Math.max(maxLineLength, maxSaslLineLength) : maxLineLength;
        int window = Math.min(in.limit(), start + limit);
        int lf = indexOfLf(in, start, window);
        if (lf >= 0) {
            int end = lf > start && in.get(lf - 1) == '\r' ? lf - 1 : lf;
            Pop3Request request = parse(in, start, end, sasl);
            if (request instanceof Pop3Command.Auth) {
                // Lines right behind AUTH answer its exchange, whether or not the session got to it yet.
                SaslResponseMode.enter(session);
            }
            out.write(request);
            in.position(lf + 1);
            if (request instanceof Pop3Command.Stls && !underTls(session)) {
                session.setAttribute(AFTER_STLS, Boolean.TRUE);
                in.position(in.limit());
                return false;
            }
            return in.hasRemaining();
        }
        if (in.remaining() < limit) {
            // A partial line: leave it in the buffer until more arrives.
            return false;
        }

        out.write(new InvalidRequest(sasl ? "" : keywordOf(in, start, window),
                "line too long (at most " + limit + " octets)"));
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
        session.removeAttribute(AFTER_STLS);
        super.dispose(session);
    }

    private static boolean underTls(IoSession session) {
        return session.getAttribute(SslFilter.SSL_SECURED) != null;
    }

    /** Whether the line at {@code start} begins with "AUTH " (any case), as far as it has arrived. */
    private static boolean isAuth(IoBuffer in, int start) {
        String auth = "AUTH ";
        if (in.limit() - start < auth.length()) {
            return false;
        }
        for (int i = 0; i < auth.length(); i++) {
            int c = in.get(start + i);
            if (c != auth.charAt(i) && c != Character.toLowerCase(auth.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfLf(IoBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Pop3Request parse(IoBuffer in, int start, int end, boolean sasl) {
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
            return new InvalidRequest(sasl ? "" : CommandParser.keyword(lenient), "command line is not valid UTF-8");
        }
        return sasl ? SaslResponse.parse(line) : CommandParser.parse(line);
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
