package org.postbox.mailstore.jpa;

/**
 * Counts a message's size as POP3 announces it while the message streams past in pieces, by the
 * rule of {@link org.postbox.mailstore.CrlfSize}: a LF not preceded by CR counts as CRLF, every
 * other octet as itself. The last octet of one piece is remembered for the next.
 */
final class CrlfCounter {

    private long size;
    private byte previous;

    void add(byte[] octets, int offset, int length) {
        long bareLineFeeds = 0;
        byte before = previous;
        for (int i = offset; i < offset + length; i++) {
            byte b = octets[i];
            if (b == '\n' && before != '\r') {
                bareLineFeeds++;
            }
            before = b;
        }
        if (length > 0) {
            previous = before;
        }
        size += length + bareLineFeeds;
    }

    long size() {
        return size;
    }
}
