package org.postbox.session.command;

/**
 * What the {@link Dispatcher} counts for one session: every input it dispatched, and the bad
 * commands among them (syntax errors and commands sent in a state that does not take them), which
 * end the session once there are more than the protocol allows. Confined to the session's current
 * step, like the rest of the protocol's session.
 */
public final class CommandCounts {

    private long commands;
    private int badCommands;

    /** Counts one input; the {@link Dispatcher} calls it before handling the input. */
    public void countCommand() {
        commands++;
    }

    /** @return the bad commands so far, this one included */
    public int countBadCommand() {
        return ++badCommands;
    }

    /** Inputs dispatched so far, the one being handled included. */
    public long commands() {
        return commands;
    }

    public int badCommands() {
        return badCommands;
    }
}
