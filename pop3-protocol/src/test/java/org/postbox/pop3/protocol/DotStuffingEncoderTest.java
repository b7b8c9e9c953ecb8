package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingEncoderTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # input (\\r, \\n escaped)      | expected output
            ""                              | .\\r\\n
            "a"                             | a\\r\\n.\\r\\n
            "a\\r\\n"                       | a\\r\\n.\\r\\n
            "a\\n"                          | a\\r\\n.\\r\\n
            "a\\nb"                         | a\\r\\nb\\r\\n.\\r\\n
            "a\\rb\\r\\n"                   | a\\rb\\r\\n.\\r\\n
            "a\\r"                          | a\\r\\r\\n.\\r\\n
            "\\r"                           | \\r\\r\\n.\\r\\n
            "\\n"                           | \\r\\n.\\r\\n
            "\\r\\r\\n"                     | \\r\\r\\n.\\r\\n
            "\\n\\r\\n\\n"                  | \\r\\n\\r\\n\\r\\n.\\r\\n
            "."                             | ..\\r\\n.\\r\\n
            ".\\r\\n"                       | ..\\r\\n.\\r\\n
            "..\\n"                         | ...\\r\\n.\\r\\n
            "a\\n.\\nb"                     | a\\r\\n..\\r\\nb\\r\\n.\\r\\n
            "a\\r\\n..b\\r\\n"              | a\\r\\n...b\\r\\n.\\r\\n
            "a.\\r\\n.a."                   | a.\\r\\n..a.\\r\\n.\\r\\n
            "\\r.\\n"                       | \\r.\\r\\n.\\r\\n
            "a\\r.b"                        | a\\r.b\\r\\n.\\r\\n
            """)
    void transformsTheWholeMessage(String input, String expected) {
        assertThat(encodeWhole(unescape(input), 1)).isEqualTo(unescape(expected));
        assertThat(encodeWhole(unescape(input), 3)).isEqualTo(unescape(expected));
        assertThat(encodeWhole(unescape(input), 4096)).isEqualTo(unescape(expected));
    }

    @Test
    void passesEightBitOctetsUnchanged() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] out = encode(new DotStuffingEncoder(), all, 7);
        byte[] expected = WireFormat.normalise(all);
        // 0..255 ends with 0xff, so a CRLF is added before the terminator.
        assertThat(out).hasSize(expected.length + 5);
        assertThat(java.util.Arrays.copyOf(out, expected.length)).isEqualTo(expected);
    }

    @Test
    void keepsLineEndStateAcrossBlocks() {
        // The CR ends one block and the LF starts the next; the '.' opens a block after a line end.
        DotStuffingEncoder encoder = new DotStuffingEncoder();
        byte[] out = new byte[64];
        int n = encoder.encode(bytes("a\r"), 0, 2, out, 0);
        n += encoder.encode(bytes("\n"), 0, 1, out, n);
        n += encoder.encode(bytes(".x\n"), 0, 3, out, n);
        n += encoder.finish(out, n);
        assertThat(new String(out, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("a\r\n..x\r\n.\r\n");
    }

    @Test
    void topZeroSendsTheHeaderAndTheBlankLineOnly() {
        assertThat(top("Subject: x\r\nFrom: y\r\n\r\nbody 1\r\nbody 2\r\n", 0))
                .isEqualTo("Subject: x\r\nFrom: y\r\n\r\n.\r\n");
    }

    @Test
    void topOneSendsOneBodyLine() {
        assertThat(top("Subject: x\n\nbody 1\nbody 2\n", 1)).isEqualTo("Subject: x\r\n\r\nbody 1\r\n.\r\n");
    }

    @Test
    void topManySendsUpToThatManyBodyLines() {
        assertThat(top("S: x\r\n\r\n1\r\n.2\r\n3\r\n4\r\n", 3)).isEqualTo("S: x\r\n\r\n1\r\n..2\r\n3\r\n.\r\n");
        assertThat(top("S: x\r\n\r\n1\r\n2", 10)).isEqualTo("S: x\r\n\r\n1\r\n2\r\n.\r\n");
    }

    @Test
    void topFindsTheBlankLineInMixedLineEnds() {
        assertThat(top("S: x\r\n\nbody\n", 0)).isEqualTo("S: x\r\n\r\n.\r\n");
        assertThat(top("S: x\n\r\nbody\n", 0)).isEqualTo("S: x\r\n\r\n.\r\n");
        assertThat(top("\r\nbody\r\n", 0)).isEqualTo("\r\n.\r\n");
    }

    @Test
    void topDoesNotTakeALineHoldingOnlyACrForTheBlankLine() {
        assertThat(top("S: x\r\r\nT: y\r\n\r\nbody\r\n", 0)).isEqualTo("S: x\r\r\nT: y\r\n\r\n.\r\n");
    }

    @Test
    void topOfAHeadersOnlyMessageSendsItWhole() {
        assertThat(top("Subject: x\r\nFrom: y\r\n", 0)).isEqualTo("Subject: x\r\nFrom: y\r\n.\r\n");
        assertThat(top("Subject: x", 5)).isEqualTo("Subject: x\r\n.\r\n");
        assertThat(top("", 0)).isEqualTo(".\r\n");
    }

    @Test
    void topStopsConsumingInputOnceComplete() {
        DotStuffingEncoder encoder = new DotStuffingEncoder(1);
        byte[] in = bytes("H: v\n\nline 1\nline 2\n");
        byte[] out = new byte[2 * in.length];
        int n = encoder.encode(in, 0, in.length, out, 0);
        assertThat(encoder.limitReached()).isTrue();
        assertThat(new String(out, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("H: v\r\n\r\nline 1\r\n");
        assertThat(encoder.encode(in, 0, in.length, out, 0)).isZero();
    }

    @Test
    void wholeMessageNeverReachesALimit() {
        DotStuffingEncoder encoder = new DotStuffingEncoder(DotStuffingEncoder.WHOLE_MESSAGE);
        byte[] in = bytes("H: v\n\n\n\n\n");
        encoder.encode(in, 0, in.length, new byte[2 * in.length], 0);
        assertThat(encoder.limitReached()).isFalse();
    }

    @Test
    void worstCaseOutputIsTwiceTheInput() {
        byte[] in = bytes("\n\n\n.");
        byte[] out = new byte[DotStuffingEncoder.maxEncodedLength(in.length)];
        assertThat(new DotStuffingEncoder().encode(in, 0, in.length, out, 0)).isEqualTo(8);
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).isEqualTo("\r\n\r\n\r\n..");
    }

    @Test
    void refusesAnOutputTooSmallForTheWorstCase() {
        DotStuffingEncoder encoder = new DotStuffingEncoder();
        assertThatThrownBy(() -> encoder.encode(bytes("abc"), 0, 3, new byte[5], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(bytes("abc"), 2, 3, new byte[10], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> encoder.finish(new byte[4], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DotStuffingEncoder(-2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUseAfterFinish() {
        DotStuffingEncoder encoder = new DotStuffingEncoder();
        encoder.finish(new byte[5], 0);
        assertThatThrownBy(() -> encoder.finish(new byte[5], 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> encoder.encode(bytes("a"), 0, 1, new byte[2], 0))
                .isInstanceOf(IllegalStateException.class);
    }

    private static String top(String message, int bodyLines) {
        return new String(encode(new DotStuffingEncoder(bodyLines), bytes(message), 1), StandardCharsets.ISO_8859_1);
    }

    private static String encodeWhole(String message, int blockSize) {
        return new String(encode(new DotStuffingEncoder(), bytes(message), blockSize), StandardCharsets.ISO_8859_1);
    }

    /** Runs the transform over {@code in} in blocks of {@code blockSize}, then finishes. */
    static byte[] encode(DotStuffingEncoder encoder, byte[] in, int blockSize) {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        byte[] out = new byte[DotStuffingEncoder.maxEncodedLength(blockSize)];
        for (int off = 0; off < in.length && !encoder.limitReached(); off += blockSize) {
            int len = Math.min(blockSize, in.length - off);
            result.write(out, 0, encoder.encode(in, off, len, out, 0));
        }
        byte[] end = new byte[DotStuffingEncoder.MAX_FINISH_LENGTH];
        result.write(end, 0, encoder.finish(end, 0));
        return result.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
