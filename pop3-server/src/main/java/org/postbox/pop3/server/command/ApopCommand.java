package org.postbox.pop3.server.command;

import java.util.Set;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;

/**
 * {@code APOP name digest} (RFC 1939 section 7) is refused: it needs the plaintext password on
 * the server and MD5, so the greeting carries no timestamp and the command is always declined.
 */
final class ApopCommand implements ImmediateCommandHandler<Pop3Command.Apop> {

    @Override
    public Set<SessionState> validIn() {
        return States.AUTHORIZATION;
    }

    @Override
    public Pop3Reply reply(Pop3Command.Apop command, Pop3Session session) {
        session.forgetUser();
        return new Pop3Reply.Err(ResponseCode.AUTH, "APOP is not available on this server");
    }
}
