package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.Test;

/** Framing, for arbitrary input: packet boundaries change nothing, and each line gives one request. */
class Pop3DecoderPropertyTest {

    private static final int LIMIT = 40;

    @Test
    void packetBoundariesDoNotChangeWhatIsDecoded() {
        Trials.forAll(500, random -> {
            byte[] input = input(random);
            List<Integer> packets = new ArrayList<>();
            for (int left = input.length; left > 0; ) {
                int n = 1 + random.nextInt(Math.min(left, LIMIT));
                packets.add(n);
                left -= n;
            }
            assertThat(decode(input, packets)).as(Trials.escape(input))
                    .isEqualTo(decode(input, List.of(input.length)));
        });
    }

    @Test
    void everyLineYieldsExactlyOneRequest() {
        Trials.forAll(500, random -> {
            byte[] input = input(random);
            int lineEnds = 0;
            for (byte b : input) {
                if (b == '\n') {
                    lineEnds++;
                }
            }
            int unfinished = 0;
            for (int i = input.length - 1; i >= 0 && input[i] != '\n'; i--) {
                unfinished++;
            }
            // An unfinished last line is reported only once it has reached the limit.
            int expected = lineEnds + (unfinished >= LIMIT ? 1 : 0);
            List<Object> requests = decode(input, List.of(input.length));
            int stls = requests.indexOf(new Pop3Command.Stls());
            if (stls >= 0) {
                // A clear-text STLS is the last line decoded; whatever follows it is dropped.
                assertThat(requests).as(Trials.escape(input)).hasSize(stls + 1).hasSizeLessThanOrEqualTo(expected);
            } else {
                assertThat(requests).as(Trials.escape(input)).hasSize(expected);
            }
        });
    }

    /** Command-like input: keywords, digits, spaces, line ends, long lines, the odd 8-bit octet. */
    private static byte[] input(Random random) {
        byte[] alphabet = "RETR1 TOP LIST USER PASS stat 0x9\r\n\r\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] input = new byte[Trials.length(random, 300)];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextInt(12) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
        }
        return input;
    }

    private static List<Object> decode(byte[] input, List<Integer> packetSizes) {
        ProtocolCodecSession session = new ProtocolCodecSession();
        Pop3Decoder decoder = new Pop3Decoder(LIMIT);
        int offset = 0;
        try {
            for (int size : packetSizes) {
                decoder.decode(session, IoBuffer.wrap(Arrays.copyOfRange(input, offset, offset + size)),
                        session.getDecoderOutput());
                offset += size;
            }
            decoder.dispose(session);
        } catch (Exception e) {
            throw new AssertionError("decoder threw", e);
        }
        return new ArrayList<>(session.getDecoderOutputQueue());
    }
}
