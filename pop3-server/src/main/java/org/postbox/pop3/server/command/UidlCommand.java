package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code UIDL [msg]} (RFC 1939 section 7): the store's stable unique ids, for one message or as
 * a streamed listing of every undeleted one.
 *
 * <pre>
 * C: UIDL 1
 * S: +OK 1 1700000000.M1P2Q3.host
 * </pre>
 */
final class UidlCommand implements ImmediateCommandHandler<Pop3Command.Uidl> {

    @Override
    public Pop3Reply reply(Pop3Command.Uidl command, Pop3Session session) {
        if (command.message().isPresent()) {
            int number = command.message().getAsInt();
            return MessageNumbers.problemWith(number, session)
                    .orElseGet(() -> new Pop3Reply.Ok(number + " " + session.message(number).uniqueId()));
        }
        return new Pop3Reply.Lines("unique-id listing follows", session.visibleCount(),
                new UndeletedMessageLines(session, (number, s) -> number + " " + s.message(number).uniqueId()));
    }
}
