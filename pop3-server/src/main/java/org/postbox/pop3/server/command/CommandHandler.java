package org.postbox.pop3.server.command;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;

/**
 * Handles one kind of POP3 command. Runs on a worker thread, never on a network thread, so it
 * may call the store. The {@link CommandDispatcher} has already checked that the session is in
 * one of {@link #validIn()} and maps every exception, thrown or completing the stage, to a
 * reply: a handler only describes the success and the command's own refusals.
 */
public interface CommandHandler<C extends Pop3Command> {

    /** The states in which the command is accepted; in any other the dispatcher refuses it. */
    Set<SessionState> validIn();

    /** The reply; the stage may complete later and on another thread (e.g. after authentication). */
    CompletionStage<Pop3Reply> handle(C command, Pop3Session session);
}
