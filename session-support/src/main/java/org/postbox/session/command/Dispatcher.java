package org.postbox.session.command;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.session.LogContext;

/**
 * The one dispatch step of every protocol: turns one input of a session into one reply. For every
 * command alike it reads the input in the session's state, finds the command's row, checks the
 * state, counts bad commands (syntax errors and commands in the wrong state, not a handler's own
 * refusals) up to the session's limit, times the command, keeps the session's log context on
 * whatever thread handles or finishes it, and maps failures to the protocol's replies. The
 * returned stage completes with a reply, never exceptionally unless the protocol's own failure
 * mapping fails.
 *
 * <p>One instance serves every session of a listener; what varies per session is in the session.
 *
 * @param <I> what the protocol's decoder yields
 * @param <C> the commands the table has rows for
 * @param <S> the protocol's states
 * @param <X> the protocol's session
 * @param <R> the protocol's reply
 */
public final class Dispatcher<I, C, S extends Enum<S>, X extends CommandSession<S>, R> {

    private final CommandTable<C, S, X, R> table;
    private final ProtocolRules<I, C, S, X, R> rules;

    public Dispatcher(CommandTable<C, S, X, R> table, ProtocolRules<I, C, S, X, R> rules) {
        this.table = Objects.requireNonNull(table, "table");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * The reply to {@code input}. When its handler answers within the call, so does this stage:
     * the step finishes on the calling thread.
     */
    public CompletionStage<R> dispatch(I input, X session) {
        long start = System.nanoTime();
        LogContext context = session.logContext();
        return context.call(() -> {
            CompletionStage<R> reply = answer(input, session);
            if (reply instanceof CompletableFuture<R> now && now.isDone() && !now.isCompletedExceptionally()) {
                // The common case, a handler that answered within the call: done here, without a
                // dependent stage and a second trip into the log context for every command.
                rules.answered(input, session, now.join(), System.nanoTime() - start);
                return reply;
            }
            // A handler's stage may complete on a thread of its own (a timer, a hashing pool): the
            // failure mapping and the metrics log there with the session's entries too.
            return reply.handle((answer, failure) -> context.call(() -> {
                R result = failure == null ? answer : rules.failure(failure, session);
                rules.answered(input, session, result, System.nanoTime() - start);
                return result;
            }));
        });
    }

    /** See {@link CommandTable#decidesReading}. */
    public boolean decidesReading(I input) {
        return table.decidesReading(input);
    }

    private CompletionStage<R> answer(I input, X session) {
        try {
            session.counts().countCommand();
            Interpretation<C, R> meaning = rules.interpret(input, session);
            if (meaning instanceof Interpretation.SyntaxError<C, R> error) {
                return done(badCommand(session, error.reply()));
            }
            C command = ((Interpretation.Command<C, R>) meaning).command();
            CommandTable.Row<? extends C, S, X, R> row = table.rowOf(command);
            if (row == null) {
                // The decoder knows a command the table lacks: a wiring defect, not the client's fault.
                throw new IllegalStateException("no handler for " + command.getClass().getSimpleName());
            }
            S state = session.state();
            if (!row.validIn().contains(state)) {
                return done(badCommand(session, rules.wrongState(command, state, session)));
            }
            return Objects.requireNonNull(row.handle(command, session), "a handler answered null");
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private R badCommand(X session, R reply) {
        if (session.counts().countBadCommand()) {
            return rules.tooManyBadCommands(session);
        }
        return reply;
    }

    private static <R> CompletionStage<R> done(R reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
