package org.postbox.password;

import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.MD5Digest;

/**
 * CRAM-MD5 (RFC 2195) without the plaintext password: HMAC-MD5 split after its key blocks, as
 * Dovecot's {@code {CRAM-MD5}} scheme stores it. The 32-octet context is the MD5 chaining state
 * (A, B, C, D, each little-endian) after the outer key block {@code key XOR opad}, then after the
 * inner one {@code key XOR ipad}; HMAC-MD5 of any challenge continues from those two states.
 *
 * <p>The JDK's MD5 does not expose its state, so the digest is Bouncy Castle's, resumed from an
 * encoded state whose chaining values are replaced by the stored ones. No MD5 arithmetic is done
 * here.
 */
final class CramMd5 {
    static final int CONTEXT_LENGTH = 32;
    private static final int BLOCK = 64;
    // Where MD5Digest.getEncodedState() keeps H1..H4 (big-endian ints): after GeneralDigest's
    // 4-octet buffer, 4-octet buffer offset and 8-octet byte count.
    private static final int STATE_H_OFFSET = 16;

    private CramMd5() {
    }

    /** The stored context of {@code password} (its UTF-8 octets). */
    static byte[] context(byte[] password) {
        byte[] key = password.length > BLOCK ? md5(password) : password;
        byte[] outer = new byte[BLOCK];
        byte[] inner = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            outer[i] = (byte) (k ^ 0x5c);
            inner[i] = (byte) (k ^ 0x36);
        }
        byte[] context = new byte[CONTEXT_LENGTH];
        chainingValues(outer, context, 0);
        chainingValues(inner, context, 16);
        return context;
    }

    /** HMAC-MD5 of {@code challenge} under the password whose context this is. */
    static byte[] response(byte[] context, byte[] challenge) {
        if (context.length != CONTEXT_LENGTH) {
            throw new IllegalArgumentException("a CRAM-MD5 context has " + CONTEXT_LENGTH + " octets");
        }
        MD5Digest inner = resumed(context, 16);
        inner.update(challenge, 0, challenge.length);
        byte[] innerHash = new byte[16];
        inner.doFinal(innerHash, 0);
        MD5Digest outer = resumed(context, 0);
        outer.update(innerHash, 0, innerHash.length);
        byte[] result = new byte[16];
        outer.doFinal(result, 0);
        return result;
    }

    /** Whether {@code clientDigest} is the right answer to {@code challenge}; constant time. */
    static boolean verifies(byte[] context, byte[] challenge, byte[] clientDigest) {
        return MessageDigest.isEqual(response(context, challenge), clientDigest);
    }

    private static void chainingValues(byte[] block, byte[] context, int at) {
        MD5Digest digest = new MD5Digest();
        digest.update(block, 0, BLOCK);
        byte[] state = digest.getEncodedState();
        for (int word = 0; word < 4; word++) {
            int h = STATE_H_OFFSET + 4 * word;
            // Big-endian in Bouncy Castle's state, little-endian in Dovecot's context.
            for (int i = 0; i < 4; i++) {
                context[at + 4 * word + i] = state[h + 3 - i];
            }
        }
    }

    private static MD5Digest resumed(byte[] context, int at) {
        MD5Digest template = new MD5Digest();
        template.update(new byte[BLOCK], 0, BLOCK);
        byte[] state = template.getEncodedState();
        for (int word = 0; word < 4; word++) {
            int h = STATE_H_OFFSET + 4 * word;
            for (int i = 0; i < 4; i++) {
                state[h + 3 - i] = context[at + 4 * word + i];
            }
        }
        return new MD5Digest(state);
    }

    private static byte[] md5(byte[] data) {
        MD5Digest digest = new MD5Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[16];
        digest.doFinal(out, 0);
        return out;
    }
}
