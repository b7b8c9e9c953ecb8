package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * Handles one kind of POP3 request. Runs on a worker thread, never on a network thread, so it
 * may call the store. The dispatch step has already checked that the session is in one of the
 * states of the command's row in {@link Pop3CommandTable}, and maps every exception, thrown or
 * completing the stage, to a reply ({@link ErrorReplies}): a handler only describes the success
 * and the command's own refusals.
 */
public interface CommandHandler<C extends Pop3Request>
        extends org.postbox.session.command.CommandHandler<C, Pop3Session, Pop3Reply> {
}
