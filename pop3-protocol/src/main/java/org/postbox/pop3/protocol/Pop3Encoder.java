package org.postbox.pop3.protocol;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * Encodes single-line replies: {@code +OK text} or {@code -ERR [CODE] text}, CRLF-terminated
 * (RFC 1939 section 3, RFC 2449 section 8), and SASL challenges {@code + base64} (RFC 5034). CR
 * and LF inside a text become spaces, and a status line is cut to 512 octets (RFC 2449 section 4).
 *
 * <p>Multi-line replies ({@link Pop3Reply.Lines}, {@link Pop3Reply.Message}) are rejected: they
 * must be streamed with {@link ReplyChunks} so that they never sit whole in memory. The chunks are
 * {@link IoBuffer}s, which the codec filter passes through without calling this encoder.
 *
 * <p>Stateless; one instance may serve every session.
 */
public final class Pop3Encoder extends ProtocolEncoderAdapter {

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
        if (message instanceof Pop3Reply.Ok || message instanceof Pop3Reply.Err
                || message instanceof Pop3Reply.Continuation) {
            out.write(IoBuffer.wrap(StatusLine.of((Pop3Reply) message)));
        } else if (message instanceof Pop3Reply.Lines || message instanceof Pop3Reply.Message) {
            throw new IllegalArgumentException(message.getClass().getSimpleName()
                    + " is a multi-line reply: write the buffers of ReplyChunks.of(reply) instead");
        } else {
            throw new IllegalArgumentException("not a POP3 reply: "
                    + (message == null ? "null" : message.getClass().getName()));
        }
    }
}
