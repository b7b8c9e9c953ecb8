package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code STLS} (RFC 2595 section 4), only before login. On {@code +OK} the session enters
 * AUTHORIZATION_STLS: the engine puts TLS in place before the reply goes out and the client starts
 * its handshake right after reading it; the decoder has already dropped anything the client sent
 * after STLS in the clear. After login the dispatcher refuses STLS, since RFC 2595 allows it in
 * the AUTHORIZATION state only.
 *
 * <pre>
 * C: STLS
 * S: +OK Begin TLS negotiation
 *    (TLS handshake; the session then starts again from CAPA, still in AUTHORIZATION)
 * C: STLS
 * S: -ERR already using TLS
 * </pre>
 */
final class StlsCommand implements ImmediateCommandHandler<Pop3Command.Stls> {

    @Override
    public Pop3Reply reply(Pop3Command.Stls command, Pop3Session session) {
        session.forgetUser();
        if (session.underTls()) {
            return Pop3Reply.Err.of("already using TLS");
        }
        if (!session.startTlsAvailable()) {
            return Pop3Reply.Err.of("TLS is not available on this listener");
        }
        session.acceptStartTls();
        return new Pop3Reply.Ok("Begin TLS negotiation");
    }
}
