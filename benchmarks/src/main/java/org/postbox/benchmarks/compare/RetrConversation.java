package org.postbox.benchmarks.compare;

import java.util.ArrayDeque;

/**
 * Logged in once, then RETR of every message in turn, round and round, with up to {@code depth}
 * commands in flight (1: one at a time; more: RFC 2449 PIPELINING). Every message is checked
 * against the manifest: its {@code X-Bench-Id}, its exact size and its CRC-32.
 */
final class RetrConversation extends LoggedInConversation {

    private final int depth;
    private final Manifest manifest;
    private final ArrayDeque<Long> sentAt = new ArrayDeque<>();
    private int next;

    RetrConversation(String user, String password, int depth, Manifest manifest) {
        super(user, password, true);
        this.depth = depth;
        this.manifest = manifest;
    }

    @Override
    void proceed(Pop3Connection connection) {
        if (messages() == 0) {
            connection.run().error("RETR: the maildrop is empty");
            quit(connection);
            return;
        }
        if (!connection.run().running()) {
            if (sentAt.isEmpty()) {
                quit(connection);
            }
            return;
        }
        while (sentAt.size() < depth) {
            next = next % messages() + 1;
            sentAt.addLast(System.nanoTime());
            connection.send("RETR " + next, ReplyShape.MESSAGE);
        }
    }

    @Override
    void operationReplied(Pop3Connection connection, Reply reply) {
        long sent = sentAt.removeFirst();
        Manifest.Entry expected = reply.benchId() < 0 ? null : manifest.entry(reply.benchId());
        if (!reply.ok()) {
            connection.run().failed(reply);
        } else if (expected == null) {
            connection.run().error("RETR: a message without a known X-Bench-Id: " + reply.benchId());
        } else if (expected.size() != reply.octets() || expected.crc() != reply.crc()) {
            connection.run().error("RETR: message " + reply.benchId() + " has " + reply.octets() + " octets, crc "
                    + reply.crc() + "; generated " + expected.size() + ", crc " + expected.crc());
        } else {
            connection.run().completed(sent, reply.octets());
        }
        proceed(connection);
    }
}
