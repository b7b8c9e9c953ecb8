package org.postbox.benchmarks.compare;

/**
 * One login per connection: connect, greeting, USER, PASS, QUIT, and the server's close. The
 * operation is timed from the connect to the close, since a client that reconnects at once must
 * not find its maildrop still locked.
 */
final class LoginConversation extends LoggedInConversation {

    private boolean loggedIn;

    LoginConversation(String user, String password) {
        super(user, password, false);
    }

    @Override
    void proceed(Pop3Connection connection) {
        loggedIn = true;
        quit(connection);
    }

    @Override
    void operationReplied(Pop3Connection connection, Reply reply) {
        connection.run().failed(reply);
    }

    @Override
    public void closed(Pop3Connection connection) {
        if (loggedIn && connection.quitSent()) {
            connection.run().completed(connection.connectStarted(), 0);
        }
    }
}
