package org.postbox.mailstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What makes a delivery the repetition of an earlier one: a digest of the envelope (sender and
 * recipient) and of the message's exact octets, and how long the store remembers it.
 *
 * <p>An MTA that sent a whole message but never got its reply (the connection dropped, the
 * server was killed after storing it) sends it again later, byte for byte with the same envelope
 * (RFC 5321 section 4.5.4.1). A store given a key remembers, per mailbox, the keys of the copies it
 * stored within {@link #window}; a delivery whose key it remembers stores nothing and answers the
 * first copy's unique id, so the retry leaves exactly one copy. The record is kept atomically with
 * the copy: a crash leaves either both or neither.
 *
 * <p>Two genuinely separate messages with the same octets (the same {@code Message-ID} and
 * {@code Date} too) from the same sender to the same recipient within the window are stored once:
 * they are indistinguishable to the reader, and suppressing such a duplicate is what Cyrus and
 * Sieve's {@code duplicate} extension (RFC 7352) do with far weaker keys.
 *
 * @param digest lower-case hexadecimal SHA-256 (64 characters)
 * @param window how long a stored copy's key is remembered; positive
 */
public record DeliveryKey(String digest, Duration window) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public DeliveryKey {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(window, "window");
        if (!SHA256_HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("digest must be 64 lower-case hexadecimal digits, got " + digest);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
    }

    /**
     * The key of one message to one recipient.
     *
     * @param sender        the envelope sender, empty for the null reverse path
     * @param recipient     the recipient as the sender named it
     * @param messageDigest SHA-256 of the message's octets as received (before any header this
     *                      server adds, since those differ between attempts)
     */
    public static DeliveryKey of(String sender, MailboxAddress recipient, byte[] messageDigest, Duration window) {
        MessageDigest sha256 = sha256();
        // Lengths first, so that no two different envelopes run together into the same octets.
        byte[] from = sender.getBytes(StandardCharsets.UTF_8);
        byte[] to = recipient.toString().getBytes(StandardCharsets.UTF_8);
        sha256.update(lengthOf(from));
        sha256.update(from);
        sha256.update(lengthOf(to));
        sha256.update(to);
        sha256.update(messageDigest);
        return new DeliveryKey(HexFormat.of().formatHex(sha256.digest()), window);
    }

    /** A fresh SHA-256, for a message's digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static byte[] lengthOf(byte[] octets) {
        int n = octets.length;
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
