package org.postbox.pop3.protocol;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Whether the client's next lines are SASL responses (RFC 5034 section 4) rather than commands:
 * a flag on the connection that {@link Pop3Decoder} reads for every line.
 *
 * <p>The decoder raises it itself as soon as it yields an {@code AUTH} command, so that a response
 * the client sends right behind its {@code AUTH} is read as one. The session raises it again
 * before it writes a {@code + challenge} and lowers it before it writes the {@code +OK} or
 * {@code -ERR} that ends an exchange. A line read in this mode that turns out to follow the end
 * of the exchange is still a command: see {@link SaslResponse#asCommand(int)}.
 *
 * <p>The flag is an {@link IoSession} attribute, so the network thread that decodes and the
 * worker that answers both see its latest value.
 */
public final class SaslResponseMode {

    private static final AttributeKey ACTIVE = new AttributeKey(SaslResponseMode.class, "active");

    private SaslResponseMode() {
    }

    public static void enter(IoSession session) {
        session.setAttribute(ACTIVE, Boolean.TRUE);
    }

    public static void leave(IoSession session) {
        session.removeAttribute(ACTIVE);
    }

    public static boolean isActive(IoSession session) {
        return session.containsAttribute(ACTIVE);
    }
}
