package org.postbox.benchmarks.compare;

/** What one client says on one connection; one instance per connection, driven by its replies. */
interface Conversation {

    /** The server's greeting was {@code +OK}. */
    void greeted(Pop3Connection connection);

    /** The reply to the oldest command still unanswered. */
    void replied(Pop3Connection connection, Reply reply);

    /** The run is ending and this conversation waits for nothing from the server: end it now. */
    default void finish(Pop3Connection connection) {
    }

    /** The server closed the connection (after QUIT, or not). */
    default void closed(Pop3Connection connection) {
    }
}
