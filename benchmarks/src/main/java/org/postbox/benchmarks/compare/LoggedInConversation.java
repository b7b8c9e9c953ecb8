package org.postbox.benchmarks.compare;

/**
 * USER and PASS, then optionally STAT for the number of messages, then whatever the mode does;
 * QUIT when the run ends. A login refused for now ({@code [SYS/TEMP]}, {@code [IN-USE]}) is
 * counted as refused, any other failure as an error.
 */
abstract class LoggedInConversation implements Conversation {

    private enum Step { USER, PASS, STAT, READY, QUIT }

    private final String user;
    private final String password;
    private final boolean stat;
    private Step step = Step.USER;
    private int messages;

    LoggedInConversation(String user, String password, boolean stat) {
        this.user = user;
        this.password = password;
        this.stat = stat;
    }

    /** Logged in (and STAT answered, when asked for): send the mode's first commands. */
    abstract void proceed(Pop3Connection connection);

    /** The reply to one of the mode's own commands. */
    abstract void operationReplied(Pop3Connection connection, Reply reply);

    /** The message count from STAT. */
    final int messages() {
        return messages;
    }

    final void quit(Pop3Connection connection) {
        if (step != Step.QUIT) {
            step = Step.QUIT;
            connection.send("QUIT", ReplyShape.SINGLE);
        }
    }

    final boolean ready() {
        return step == Step.READY;
    }

    @Override
    public final void greeted(Pop3Connection connection) {
        connection.send("USER " + user, ReplyShape.SINGLE);
    }

    @Override
    public final void replied(Pop3Connection connection, Reply reply) {
        switch (step) {
            case USER -> {
                if (reply.ok()) {
                    step = Step.PASS;
                    connection.send("PASS " + password, ReplyShape.SINGLE);
                } else {
                    connection.run().failed(reply);
                    quit(connection);
                }
            }
            case PASS -> {
                if (reply.ok() && stat) {
                    step = Step.STAT;
                    connection.send("STAT", ReplyShape.SINGLE);
                } else if (reply.ok()) {
                    loggedIn(connection);
                } else {
                    if (reply.refusedForNow()) {
                        connection.run().refused(reply);
                    } else {
                        connection.run().failed(reply);
                    }
                    quit(connection);
                }
            }
            case STAT -> {
                if (reply.ok()) {
                    messages = Integer.parseInt(reply.status().split(" ")[1]);
                    loggedIn(connection);
                } else {
                    connection.run().failed(reply);
                    quit(connection);
                }
            }
            case READY -> operationReplied(connection, reply);
            case QUIT -> {
                if (!reply.ok()) {
                    connection.run().failed(reply);
                }
            }
            default -> throw new IllegalStateException(step.toString());
        }
    }

    private void loggedIn(Pop3Connection connection) {
        step = Step.READY;
        connection.established();
        proceed(connection);
    }
}
