package org.postbox.pop3.server.tls;

import java.net.SocketAddress;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.ssl.DisableEncryptWriteRequest;

/**
 * Lets the {@code +OK} to STLS through the TLS filter in the clear. RFC 2595 section 4 has the
 * handshake begin right after that line, so the TLS filter must already be in place, reading
 * the client's handshake, when the line is sent; yet the line itself must not be encrypted.
 * This filter sits between the TLS filter and the codec and marks that one write so that MINA's
 * {@code SslFilter} passes it unencrypted ({@link DisableEncryptWriteRequest}).
 */
final class StartTlsGate extends IoFilterAdapter {

    private static final AttributeKey CLEAR_TEXT_NEXT = new AttributeKey(StartTlsGate.class, "clearTextNext");

    /** The next write of {@code session} goes out unencrypted; only the session's writer may call this. */
    static void sendNextWriteInClear(IoSession session) {
        session.setAttribute(CLEAR_TEXT_NEXT, Boolean.TRUE);
    }

    @Override
    public void filterWrite(NextFilter next, IoSession session, WriteRequest request) {
        if (session.removeAttribute(CLEAR_TEXT_NEXT) != null) {
            next.filterWrite(session, new ClearTextWriteRequest(request));
        } else {
            next.filterWrite(session, request);
        }
    }

    /** The original write, unchanged, with the mark that makes MINA's TLS filter skip it. */
    private static final class ClearTextWriteRequest implements DisableEncryptWriteRequest {
        private final WriteRequest original;

        ClearTextWriteRequest(WriteRequest original) {
            this.original = original;
        }

        @Override
        public WriteRequest getOriginalRequest() {
            return original.getOriginalRequest();
        }

        @Override
        public WriteFuture getFuture() {
            return original.getFuture();
        }

        @Override
        public Object getMessage() {
            return original.getMessage();
        }

        @Override
        public void setMessage(Object message) {
            original.setMessage(message);
        }

        @Override
        public SocketAddress getDestination() {
            return original.getDestination();
        }

        @Override
        public boolean isEncoded() {
            return original.isEncoded();
        }

        @Override
        public Object getOriginalMessage() {
            return original.getOriginalMessage();
        }

        @Override
        public String toString() {
            return "ClearText[" + original + "]";
        }
    }
}
