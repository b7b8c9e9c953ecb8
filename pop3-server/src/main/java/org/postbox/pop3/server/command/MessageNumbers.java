package org.postbox.pop3.server.command;

import java.util.Optional;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/** The refusals shared by every command that names a message (RETR, TOP, DELE, LIST n, UIDL n). */
final class MessageNumbers {

    private MessageNumbers() {
    }

    /** Why {@code number} cannot be used, or empty when it names an existing, undeleted message. */
    static Optional<Pop3Reply> problemWith(int number, Pop3Session session) {
        if (!session.exists(number)) {
            return Optional.of(Pop3Reply.Err.of("no such message"));
        }
        if (session.isDeleted(number)) {
            return Optional.of(Pop3Reply.Err.of("message " + number + " already deleted"));
        }
        return Optional.empty();
    }
}
