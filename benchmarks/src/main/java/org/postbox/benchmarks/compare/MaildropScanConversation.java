package org.postbox.benchmarks.compare;

/**
 * What a client does with a large maildrop it fetches nothing from: login, STAT, LIST, UIDL,
 * QUIT, timed from the connect to the server's close; both listings must have one line per
 * message and STAT must count {@code expected} messages.
 */
final class MaildropScanConversation extends LoggedInConversation {

    private final int expected;
    private int step;
    private boolean complete;

    MaildropScanConversation(String user, String password, int expected) {
        super(user, password, true);
        this.expected = expected;
    }

    @Override
    void proceed(Pop3Connection connection) {
        if (messages() != expected) {
            connection.run().error("STAT counts " + messages() + " messages, generated " + expected);
        }
        connection.send("LIST", ReplyShape.LINES);
    }

    @Override
    void operationReplied(Pop3Connection connection, Reply reply) {
        if (!reply.ok() || reply.lines() != messages()) {
            connection.run().error((step == 0 ? "LIST: " : "UIDL: ") + reply.status() + ", " + reply.lines() + " lines");
        }
        if (step++ == 0) {
            connection.send("UIDL", ReplyShape.LINES);
        } else {
            complete = true;
            quit(connection);
        }
    }

    @Override
    public void closed(Pop3Connection connection) {
        if (complete) {
            connection.run().completed(connection.connectStarted(), 0);
        }
    }
}
