package org.postbox.pop3.protocol;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a property over many pseudo-random cases. Each case gets its own seed, derived from a
 * fixed base so that runs are reproducible; a failure names the seed that reproduces it. Set the
 * system property {@code postbox.test.seed} to explore other cases.
 */
final class Trials {

    private static final long BASE_SEED = Long.getLong("postbox.test.seed", 0x5EED_0F_B0E5L);

    private Trials() {
    }

    static void forAll(int tries, Consumer<Random> property) {
        for (int i = 0; i < tries; i++) {
            long seed = BASE_SEED + i;
            try {
                property.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + i + " failed; reproduce with new Random(" + seed + "L): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Octets biased to the ones that matter to framing and stuffing: '.', CR and LF are each far
     * more frequent than in real mail, then a few ordinary characters, then any 8-bit value.
     */
    static byte[] messageBytes(Random random, int maxLength) {
        int length = length(random, maxLength);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                bytes[i] = (byte) ".\r\n".charAt(random.nextInt(3));
            } else if (pick < 8) {
                bytes[i] = (byte) "a :".charAt(random.nextInt(3));
            } else {
                bytes[i] = (byte) random.nextInt(256);
            }
        }
        return bytes;
    }

    /** Lengths biased to the edges: often 0, 1 or 2, otherwise uniform up to the maximum. */
    static int length(Random random, int maxLength) {
        return random.nextInt(8) == 0 ? random.nextInt(Math.min(3, maxLength + 1)) : random.nextInt(maxLength + 1);
    }

    /** A printable rendering of octets for failure messages. */
    static String escape(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\r') {
                text.append("\\r");
            } else if (c == '\n') {
                text.append("\\n");
            } else if (c >= 0x20 && c < 0x7f && c != '\\') {
                text.append((char) c);
            } else {
                text.append(String.format("\\x%02x", c));
            }
        }
        return text.toString();
    }
}
