package org.postbox.mailstore.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Counts a message while it streams past in pieces, so that a backend reads it once as it stores
 * it: its octets as stored, its size as POP3 announces it, by the rule of
 * {@link org.postbox.mailstore.CrlfSize} (a LF not preceded by CR counts as CRLF, every other octet
 * as itself; the last octet of one piece is remembered for the next), and, when asked, its SHA-256
 * digest. Not thread-safe.
 */
public final class MessageTally {

    private final MessageDigest sha256;
    private long octets;
    private long crlfOctets;
    private byte previous;

    /** @param digest whether to compute the SHA-256 digest too ({@link #digest()}) */
    public MessageTally(boolean digest) {
        this.sha256 = digest ? sha256() : null;
    }

    public void add(byte[] bytes, int offset, int length) {
        long bareLineFeeds = 0;
        byte before = previous;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && before != '\r') {
                bareLineFeeds++;
            }
            before = b;
        }
        if (length > 0) {
            previous = before;
        }
        octets += length;
        crlfOctets += length + bareLineFeeds;
        if (sha256 != null) {
            sha256.update(bytes, offset, length);
        }
    }

    /** The octets added. */
    public long octets() {
        return octets;
    }

    /** The octets added, with every bare LF counted as CRLF. */
    public long crlfOctets() {
        return crlfOctets;
    }

    /**
     * The SHA-256 digest of the octets added; once only, since it completes the digest.
     *
     * @throws IllegalStateException if the tally was made without a digest
     */
    public byte[] digest() {
        if (sha256 == null) {
            throw new IllegalStateException("this tally computes no digest");
        }
        return sha256.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
