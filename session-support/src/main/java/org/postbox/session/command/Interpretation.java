package org.postbox.session.command;

import java.util.Objects;

/**
 * What the protocol makes of one input in the session's current state
 * ({@link ProtocolRules#interpret}): a command to look up in the table, or a syntax error to
 * answer, which counts as a bad command.
 *
 * @param <C> the protocol's commands
 * @param <R> the protocol's reply
 */
public sealed interface Interpretation<C, R> {

    static <C, R> Interpretation<C, R> command(C command) {
        return new Command<>(command);
    }

    static <C, R> Interpretation<C, R> syntaxError(R reply) {
        return new SyntaxError<>(reply);
    }

    record Command<C, R>(C command) implements Interpretation<C, R> {
        public Command {
            Objects.requireNonNull(command, "command");
        }
    }

    /** @param reply the precise refusal, e.g. POP3's {@code -ERR} naming the bad argument */
    record SyntaxError<C, R>(R reply) implements Interpretation<C, R> {
        public SyntaxError {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
