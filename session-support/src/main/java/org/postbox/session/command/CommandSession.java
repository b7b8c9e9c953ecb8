package org.postbox.session.command;

import org.postbox.session.LogContext;

/**
 * What the {@link Dispatcher} reads and counts in a protocol's session.
 *
 * @param <S> the protocol's states (its sub-states included: an exchange waiting for the client's
 *            next line is a state of its own, with its own rows in the table)
 */
public interface CommandSession<S extends Enum<S>> {

    /** The state the next command is checked against. */
    S state();

    CommandCounts counts();

    /** The session's MDC entries, put on whatever thread handles or finishes one of its commands. */
    LogContext logContext();
}
