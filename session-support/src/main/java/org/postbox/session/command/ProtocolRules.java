package org.postbox.session.command;

/**
 * What a protocol tells the {@link Dispatcher}: how it reads its inputs, what it answers when a
 * command comes in the wrong state or one bad command too many came (the limit is the session's
 * {@link CommandCounts}), and how failures become replies, in exactly one place. Everything else about dispatch is the same for every protocol.
 *
 * @param <I> what the protocol's decoder yields and the session dispatches
 * @param <C> the commands the protocol's {@link CommandTable} has rows for
 * @param <S> the protocol's states
 * @param <X> the protocol's session
 * @param <R> the protocol's reply
 */
public interface ProtocolRules<I, C, S extends Enum<S>, X extends CommandSession<S>, R> {

    /**
     * The command {@code input} is in the session's current state, or the reply to a syntax
     * error. May change the state: a command line that breaks off an exchange in progress leaves
     * the exchange's sub-state before it is looked up.
     */
    Interpretation<C, R> interpret(I input, X session);

    /** The refusal of a command that has a row, but not for {@code state} (POP3 {@code -ERR}, SMTP {@code 503}). */
    R wrongState(C command, S state, X session);

    /** The farewell after one bad command too many; also asks the session to close once it is sent. */
    R tooManyBadCommands(X session);

    /**
     * The reply for a handler's failure, thrown or completing its stage (possibly wrapped in a
     * {@link java.util.concurrent.CompletionException}). Runs in the session's log context.
     */
    R failure(Throwable failure, X session);

    /** Told of every answered input, in the session's log context: for metrics. */
    default void answered(I input, X session, R reply, long nanos) {
    }
}
