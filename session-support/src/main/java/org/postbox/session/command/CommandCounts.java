package org.postbox.session.command;

/**
 * What the {@link Dispatcher} counts for one session: every input it dispatched, and the bad
 * commands among them (syntax errors and commands sent in a state that does not take them), which
 * end the session once there are more than its limit. Confined to the session's current step,
 * like the rest of the protocol's session.
 */
public final class CommandCounts {

    private final int maxBadCommands;
    private long commands;
    private int badCommands;

    /** @param maxBadCommands how many bad commands the session may send; the one after ends it */
    public CommandCounts(int maxBadCommands) {
        if (maxBadCommands < 0) {
            throw new IllegalArgumentException("maxBadCommands must be 0 or more, got " + maxBadCommands);
        }
        this.maxBadCommands = maxBadCommands;
    }

    /** Counts one input; the {@link Dispatcher} calls it before handling the input. */
    public void countCommand() {
        commands++;
    }

    /** Counts one bad command; true once there are more than the limit allows. */
    public boolean countBadCommand() {
        return ++badCommands > maxBadCommands;
    }

    /** Inputs dispatched so far, the one being handled included. */
    public long commands() {
        return commands;
    }

    public int badCommands() {
        return badCommands;
    }
}
