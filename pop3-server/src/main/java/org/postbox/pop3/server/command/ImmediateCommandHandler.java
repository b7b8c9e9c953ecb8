package org.postbox.pop3.server.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/** A command answered within the call: most commands, all but PASS. */
interface ImmediateCommandHandler<C extends Pop3Command> extends CommandHandler<C> {

    Pop3Reply reply(C command, Pop3Session session);

    @Override
    default CompletionStage<Pop3Reply> handle(C command, Pop3Session session) {
        return CompletableFuture.completedFuture(reply(command, session));
    }
}
