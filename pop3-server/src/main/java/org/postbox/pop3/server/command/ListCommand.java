package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code LIST [msg]} (RFC 1939 section 5): the size of one message, or a listing of every
 * undeleted one, streamed line by line.
 *
 * <pre>
 * C: LIST
 * S: +OK 2 messages (320 octets)
 * S: 1 120
 * S: 2 200
 * S: .
 * </pre>
 */
final class ListCommand implements ImmediateCommandHandler<Pop3Command.List> {

    @Override
    public Pop3Reply reply(Pop3Command.List command, Pop3Session session) {
        if (command.message().isPresent()) {
            int number = command.message().getAsInt();
            return MessageNumbers.problemWith(number, session)
                    .orElseGet(() -> new Pop3Reply.Ok(number + " " + session.message(number).size()));
        }
        return new Pop3Reply.Lines(
                session.visibleCount() + " messages (" + session.visibleOctets() + " octets)",
                session.visibleCount(),
                new UndeletedMessageLines(session, (number, s) -> number + " " + s.message(number).size()));
    }
}
