package org.postbox.session.command;

import java.util.concurrent.CompletionStage;

/**
 * Answers one kind of command. The {@link Dispatcher} calls it only in the states its row of the
 * {@link CommandTable} names, and owns everything common to all commands: the state check, the
 * bad-command count, the log context, the timing and the mapping of failures, thrown or completing
 * the stage. A handler only describes the success and the command's own refusals.
 *
 * @param <K> the command it answers
 * @param <X> the protocol's session
 * @param <R> the protocol's reply
 */
@FunctionalInterface
public interface CommandHandler<K, X, R> {

    /** The reply; the stage may complete later and on another thread (e.g. after a password check). */
    CompletionStage<R> handle(K command, X session);
}
