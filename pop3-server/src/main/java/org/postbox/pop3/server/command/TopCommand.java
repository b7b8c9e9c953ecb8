package org.postbox.pop3.server.command;

import java.util.Optional;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code TOP msg n} (RFC 1939 section 7): the header, the blank line and the first {@code n}
 * body lines. The encoder stops reading the message once it has them.
 *
 * <pre>
 * C: TOP 1 0
 * S: +OK top of message follows
 * S: <the header>
 * S:
 * S: .
 * </pre>
 */
final class TopCommand implements ImmediateCommandHandler<Pop3Command.Top> {

    @Override
    public Pop3Reply reply(Pop3Command.Top command, Pop3Session session) {
        int number = command.message();
        Optional<Pop3Reply> problem = MessageNumbers.problemWith(number, session);
        if (problem.isPresent()) {
            return problem.get();
        }
        return new Pop3Reply.Message("top of message follows", session.maildrop().content(number), command.lines());
    }
}
