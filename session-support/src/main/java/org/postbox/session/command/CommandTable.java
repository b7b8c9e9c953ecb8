package org.postbox.session.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A protocol's commands as one immutable value: for each kind of command (its record class) the
 * handler that answers it and the states it is valid in, declared in the same row, so that the
 * table a protocol builds shows its whole state machine on one screen (as Dovecot's command
 * tables do). Built once per listener, no reflection beyond {@link Class#cast}.
 *
 * <pre>
 * CommandTable.&lt;Pop3Request, SessionState, Pop3Session, Pop3Reply&gt;builder()
 *         .row(Pop3Command.User.class, AUTHORIZATION, new UserCommand())
 *         .row(Pop3Command.Stat.class, TRANSACTION, new StatCommand())
 *         .row(Pop3Command.Stls.class, AUTHORIZATION, new StlsCommand()).decidesReading()
 *         .build();
 * </pre>
 *
 * @param <C> the protocol's commands
 * @param <S> the protocol's states
 * @param <X> the protocol's session
 * @param <R> the protocol's reply
 */
public final class CommandTable<C, S extends Enum<S>, X, R> {

    private final Map<Class<?>, Row<? extends C, S, X, R>> rows;

    private CommandTable(Map<Class<?>, Row<? extends C, S, X, R>> rows) {
        this.rows = Map.copyOf(rows);
    }

    public static <C, S extends Enum<S>, X, R> Builder<C, S, X, R> builder() {
        return new Builder<>();
    }

    /** The row of {@code command}'s kind, empty if the table has none. */
    public Optional<Row<? extends C, S, X, R>> row(Object command) {
        return Optional.ofNullable(rowOf(command));
    }

    /** The row of {@code command}'s kind, or null: for the dispatch step, which looks one up for every input. */
    Row<? extends C, S, X, R> rowOf(Object command) {
        return rows.get(command.getClass());
    }

    /** The kinds of command the table has rows for. */
    public Set<Class<?>> commands() {
        return rows.keySet();
    }

    /**
     * Whether the decoder holds what follows {@code input} until the session has answered it
     * (POP3 {@code STLS}: TLS or clear text; LMTP {@code DATA}: message or commands), so that the
     * session must tell it how to go on, whatever the answer was.
     */
    public boolean decidesReading(Object input) {
        Row<? extends C, S, X, R> row = rowOf(input);
        return row != null && row.decidesReading();
    }

    /**
     * One row: a kind of command, the states it is valid in, and its handler.
     *
     * @param decidesReading see {@link CommandTable#decidesReading}
     */
    public record Row<K, S extends Enum<S>, X, R>(Class<K> command, Set<S> validIn, CommandHandler<? super K, X, R> handler,
            boolean decidesReading) {

        public Row {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(validIn, "validIn");
            Objects.requireNonNull(handler, "handler");
            if (validIn.isEmpty()) {
                throw new IllegalArgumentException(command.getSimpleName() + " must be valid in some state");
            }
            validIn = Collections.unmodifiableSet(EnumSet.copyOf(validIn));
        }

        /** Hands {@code command}, which must be of this row's kind, to the handler. */
        public CompletionStage<R> handle(Object command, X session) {
            return handler.handle(this.command.cast(command), session);
        }

        Row<K, S, X, R> decidingReading() {
            return new Row<>(command, validIn, handler, true);
        }
    }

    /** Collects rows in order; a kind of command may have one row. */
    public static final class Builder<C, S extends Enum<S>, X, R> {
        private final Map<Class<?>, Row<? extends C, S, X, R>> rows = new LinkedHashMap<>();
        private Row<? extends C, S, X, R> last;

        private Builder() {
        }

        public <K extends C> Builder<C, S, X, R> row(Class<K> command, Set<S> validIn, CommandHandler<? super K, X, R> handler) {
            Row<K, S, X, R> row = new Row<>(command, validIn, handler, false);
            if (rows.putIfAbsent(command, row) != null) {
                throw new IllegalArgumentException("a handler for " + command.getSimpleName() + " is registered already");
            }
            last = row;
            return this;
        }

        /** The row added last {@linkplain CommandTable#decidesReading decides how reading goes on}. */
        public Builder<C, S, X, R> decidesReading() {
            if (last == null) {
                throw new IllegalStateException("no row yet");
            }
            last = last.decidingReading();
            rows.put(last.command(), last);
            return this;
        }

        public CommandTable<C, S, X, R> build() {
            return new CommandTable<>(rows);
        }
    }
}
