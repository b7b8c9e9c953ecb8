package org.postbox.pop3.server.command;

import java.util.List;
import java.util.Objects;
import org.postbox.mailstore.HistoryEvent;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.Pop3Observer;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.session.EndReason;

/**
 * {@code QUIT} (RFC 1939 sections 5 and 6). In AUTHORIZATION it just ends the session; in
 * TRANSACTION it enters UPDATE and removes the messages marked deleted. This is the only path
 * that deletes mail. A failed removal is reported by {@link ErrorReplies}; either way the
 * connection is closed after the reply.
 *
 * <pre>
 * C: QUIT
 * S: +OK Postbox signing off (1 messages left)
 * </pre>
 */
final class QuitCommand implements ImmediateCommandHandler<Pop3Command.Quit> {

    private final Pop3Observer observer;
    private final SessionHistory history;

    /**
     * @param observer told of the messages the commit removed
     * @param history  where each removed message is recorded
     */
    QuitCommand(Pop3Observer observer, SessionHistory history) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public Pop3Reply reply(Pop3Command.Quit command, Pop3Session session) {
        session.requestClose(EndReason.QUIT);
        if (session.state() == SessionState.AUTHORIZATION) {
            return new Pop3Reply.Ok("Postbox signing off");
        }
        session.enterUpdate();
        List<HistoryEvent.Deletion> deletions = history.deletions(session);
        session.commitDeletions();
        history.deleted(session.user().orElseThrow(), deletions);
        if (session.deletedOnCommit() > 0) {
            observer.messagesDeleted(session.deletedOnCommit());
        }
        return new Pop3Reply.Ok("Postbox signing off (" + session.visibleCount() + " messages left)");
    }
}
