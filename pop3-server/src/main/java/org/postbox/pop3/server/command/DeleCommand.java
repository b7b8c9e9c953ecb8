package org.postbox.pop3.server.command;

import java.util.Optional;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code DELE msg} (RFC 1939 section 5): only marks the message; the store is changed in the
 * UPDATE state, so a dropped connection deletes nothing.
 *
 * <pre>
 * C: DELE 1
 * S: +OK message 1 deleted
 * </pre>
 */
final class DeleCommand implements ImmediateCommandHandler<Pop3Command.Dele> {

    @Override
    public Pop3Reply reply(Pop3Command.Dele command, Pop3Session session) {
        int number = command.message();
        Optional<Pop3Reply> problem = MessageNumbers.problemWith(number, session);
        if (problem.isPresent()) {
            return problem.get();
        }
        session.delete(number);
        return new Pop3Reply.Ok("message " + number + " deleted");
    }
}
