package org.postbox.pop3.server.command;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.server.Pop3Observer;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.session.command.CommandTable;
import org.postbox.session.command.Dispatcher;
import org.postbox.session.EndReason;

/**
 * Turns one client request into one reply: the session-support dispatch step with POP3's rules
 * ({@link Pop3Rules}), which also tells metrics of each command; this class adds what metrics
 * learn of the messages it retrieved or deleted. The returned stage never completes
 * exceptionally.
 */
public final class CommandDispatcher {

    private final Dispatcher<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> dispatcher;
    private final Pop3Observer observer;

    /** @param observer told of every answered request and of the messages it retrieved or deleted */
    public CommandDispatcher(CommandTable<Pop3Request, SessionState, Pop3Session, Pop3Reply> table, Pop3Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.dispatcher = new Dispatcher<>(table, new Pop3Rules(observer));
    }

    public CompletionStage<Pop3Reply> dispatch(Pop3Request request, Pop3Session session) {
        long retrievedBefore = session.retrieved();
        long deletedBefore = session.deletedOnCommit();
        return dispatcher.dispatch(request, session).thenApply(reply -> {
            if (session.retrieved() > retrievedBefore) {
                observer.messagesRetrieved(session.retrieved() - retrievedBefore);
            }
            if (session.deletedOnCommit() > deletedBefore) {
                observer.messagesDeleted(session.deletedOnCommit() - deletedBefore);
            }
            return reply;
        });
    }

    /**
     * Whether the decoder stopped behind {@code request} until the session has answered it: a
     * clear-text STLS, after which the engine puts TLS in place or lets the decoder read on.
     */
    public boolean decidesReading(Pop3Request request) {
        return dispatcher.decidesReading(request);
    }
}
