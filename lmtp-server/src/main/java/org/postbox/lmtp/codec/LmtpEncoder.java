package org.postbox.lmtp.codec;

import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * Encodes {@link LmtpReply} values, each line ended by CRLF. Reply text is US-ASCII (RFC 5321
 * section 4.2): control characters become spaces and other octets outside printable ASCII become
 * {@code ?}, so that nothing a client or a store put into a text can end a line early and forge
 * a reply. Each line is cut to 512 octets with its CRLF (RFC 5321 section 4.5.3.1.5).
 *
 * <p>Stateless; one instance serves every session.
 */
public final class LmtpEncoder extends ProtocolEncoderAdapter {

    /** RFC 5321 section 4.5.3.1.5: the longest reply line, CRLF included. */
    public static final int MAX_REPLY_LINE = 512;

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
        if (!(message instanceof LmtpReply reply)) {
            throw new IllegalArgumentException("not an LMTP reply: " + (message == null ? "null" : message.getClass().getName()));
        }
        out.write(IoBuffer.wrap(bytes(reply)));
    }

    /** The reply exactly as it goes on the wire. */
    public static byte[] bytes(LmtpReply reply) {
        List<String> lines = reply.wireLines();
        int capacity = 0;
        for (String line : lines) {
            capacity += Math.min(line.length(), MAX_REPLY_LINE - 2) + 2;
        }
        byte[] out = new byte[capacity];
        int position = 0;
        for (String line : lines) {
            int length = Math.min(line.length(), MAX_REPLY_LINE - 2);
            for (int i = 0; i < length; i++) {
                out[position++] = ascii(line.charAt(i));
            }
            out[position++] = '\r';
            out[position++] = '\n';
        }
        return out;
    }

    private static byte ascii(char c) {
        if (c < 0x20 || c == 0x7F) {
            return ' ';
        }
        return c < 0x7F ? (byte) c : (byte) '?';
    }
}
