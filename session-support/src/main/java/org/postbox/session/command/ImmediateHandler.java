package org.postbox.session.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A handler that answers within the call: every LMTP command, and most POP3 ones. Its reply
 * reaches the dispatch step as a completed stage, which the step finishes on the calling thread.
 */
@FunctionalInterface
public interface ImmediateHandler<K, X, R> extends CommandHandler<K, X, R> {

    R reply(K command, X session);

    @Override
    default CompletionStage<R> handle(K command, X session) {
        return CompletableFuture.completedFuture(reply(command, session));
    }
}
