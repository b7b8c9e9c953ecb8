package org.postbox.pop3.protocol;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/**
 * The POP3 codec for a {@code ProtocolCodecFilter}: a new {@link Pop3Decoder} per session and one
 * shared, stateless {@link Pop3Encoder}. Multi-line replies bypass the encoder as the
 * {@code IoBuffer}s of {@link ReplyChunks}.
 */
public final class Pop3CodecFactory implements ProtocolCodecFactory {

    private final int maxLineLength;
    private final int maxSaslLineLength;
    private final Pop3Encoder encoder = new Pop3Encoder();

    /** @param maxLineLength the longest command line accepted, CRLF included (RFC 2449: 255) */
    public Pop3CodecFactory(int maxLineLength) {
        this(maxLineLength, maxLineLength);
    }

    /**
     * @param maxLineLength     the longest command line accepted, CRLF included (RFC 2449: 255)
     * @param maxSaslLineLength the longest SASL response line accepted, CRLF included
     */
    public Pop3CodecFactory(int maxLineLength, int maxSaslLineLength) {
        // Checked here so that a bad setting fails at start, not on the first connection.
        this.maxLineLength = Pop3Decoder.checkMaxLineLength(maxLineLength);
        this.maxSaslLineLength = Pop3Decoder.checkMaxLineLength(maxSaslLineLength);
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return new Pop3Decoder(maxLineLength, maxSaslLineLength);
    }
}
