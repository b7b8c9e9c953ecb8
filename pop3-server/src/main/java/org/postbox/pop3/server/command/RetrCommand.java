package org.postbox.pop3.server.command;

import java.util.Objects;
import java.util.Optional;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.Pop3Observer;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code RETR msg} (RFC 1939 section 5): the whole message, streamed from the store with line
 * ends converted and dot-stuffed on the fly; the size announced is the store's exact CRLF size.
 *
 * <pre>
 * C: RETR 1
 * S: +OK 120 octets
 * S: <the message>
 * S: .
 * </pre>
 */
final class RetrCommand implements ImmediateCommandHandler<Pop3Command.Retr> {

    private final Pop3Observer observer;

    /** @param observer told of every message retrieved */
    RetrCommand(Pop3Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public Pop3Reply reply(Pop3Command.Retr command, Pop3Session session) {
        int number = command.message();
        Optional<Pop3Reply> problem = MessageNumbers.problemWith(number, session);
        if (problem.isPresent()) {
            return problem.get();
        }
        Pop3Reply reply = new Pop3Reply.Message(session.message(number).size() + " octets",
                session.maildrop().content(number), Pop3Reply.Message.WHOLE);
        // The first RETR starts the message's EXPIRE period (RFC 2449 section 6.7); TOP, with which
        // clients peek at headers, does not.
        session.maildrop().markRetrieved(number);
        session.countRetrieved();
        observer.messagesRetrieved(1);
        return reply;
    }
}
