package org.postbox.benchmarks.compare;

/** Logs in and stays silent until the run ends, holding an authenticated session (and its maildrop). */
final class IdleConversation extends LoggedInConversation {

    IdleConversation(String user, String password) {
        super(user, password, false);
    }

    @Override
    void proceed(Pop3Connection connection) {
        connection.run().completed(connection.connectStarted(), 0);
    }

    @Override
    void operationReplied(Pop3Connection connection, Reply reply) {
        connection.run().failed(reply);
    }

    @Override
    public void finish(Pop3Connection connection) {
        if (ready()) {
            quit(connection);
        }
    }
}
