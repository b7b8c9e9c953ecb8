package org.postbox.lmtp.codec;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/**
 * The LMTP codec for a {@code ProtocolCodecFilter}: one {@link LmtpDecoder} per connection, kept
 * as a session attribute (MINA asks the factory for the decoder on every read, and the decoder's
 * state must survive between reads), and one shared, stateless {@link LmtpEncoder}.
 */
public final class LmtpCodecFactory implements ProtocolCodecFactory {

    private static final AttributeKey DECODER = new AttributeKey(LmtpCodecFactory.class, "decoder");

    private final int maxLineLength;
    private final long maxMessageSize;
    private final LmtpEncoder encoder = new LmtpEncoder();

    /**
     * @param maxLineLength  the longest command line, CRLF included (RFC 5321 section 4.5.3.1.4: 512)
     * @param maxMessageSize the largest message accepted, in octets
     */
    public LmtpCodecFactory(int maxLineLength, long maxMessageSize) {
        // Checked here so that a bad setting fails at start, not on the first connection.
        this.maxLineLength = LmtpDecoder.checkMaxLineLength(maxLineLength);
        this.maxMessageSize = LmtpDecoder.checkMaxMessageSize(maxMessageSize);
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        Object decoder = session.getAttribute(DECODER);
        if (decoder == null) {
            LmtpDecoder fresh = new LmtpDecoder(maxLineLength, maxMessageSize);
            decoder = session.setAttributeIfAbsent(DECODER, fresh);
            if (decoder == null) {
                decoder = fresh;
            }
        }
        return (LmtpDecoder) decoder;
    }

    /** The decoder of a connection, or null if it has none (no input yet, or closed). */
    static LmtpDecoder decoderOf(IoSession session) {
        return (LmtpDecoder) session.getAttribute(DECODER);
    }

    static void forget(IoSession session) {
        session.removeAttribute(DECODER);
    }
}
