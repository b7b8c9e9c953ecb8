package org.postbox.benchmarks.compare;

/** Logged in once, then UIDL after UIDL, each answer checked for one line per message. */
final class UidlConversation extends LoggedInConversation {

    private long sent;

    UidlConversation(String user, String password) {
        super(user, password, true);
    }

    @Override
    void proceed(Pop3Connection connection) {
        if (connection.run().running()) {
            sent = System.nanoTime();
            connection.send("UIDL", ReplyShape.LINES);
        } else {
            quit(connection);
        }
    }

    @Override
    void operationReplied(Pop3Connection connection, Reply reply) {
        if (reply.ok() && reply.lines() == messages()) {
            connection.run().completed(sent, reply.octets());
        } else {
            connection.run().error("UIDL: " + reply.status() + ", " + reply.lines() + " lines for " + messages() + " messages");
        }
        proceed(connection);
    }
}
