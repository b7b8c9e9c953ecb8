package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a client reconstructs from a RETR, TOP or multi-line reply, for arbitrary content.
 *
 * <p>The precise promise for RETR: let N be the message with every LF not preceded by CR turned
 * into CRLF. Un-stuffing the reply body gives N, followed by one CRLF exactly when N is non-empty
 * and does not already end with CRLF (the terminator must start a line; an empty message needs
 * nothing). N's length is the size the store announces (the CrlfSize rule), so the client gets
 * exactly the announced octets whenever the message's last line is ended.
 */
class ReplyChunksPropertyTest {

    @Test
    void retrGivesBackTheNormalisedMessage() {
        Trials.forAll(1000, random -> {
            byte[] message = Trials.messageBytes(random, 400);
            WireFormat.Unstuffed reply = WireFormat.unstuff(drain(message("m", message, -1)));

            byte[] normalised = WireFormat.normalise(message);
            boolean lastLineEnded = normalised.length == 0 || WireFormat.endsWithCrlf(normalised);
            String input = Trials.escape(message);
            assertThat(reply.status()).isEqualTo("+OK m");
            assertThat(reply.body()).as(input).isEqualTo(expectedBody(normalised));
            assertThat((long) normalised.length).as(input).isEqualTo(WireFormat.crlfSize(message));
            assertThat((long) reply.body().length).as(input)
                    .isEqualTo(WireFormat.crlfSize(message) + (lastLineEnded ? 0 : 2));
        });
    }

    @Test
    void largeMessagesCrossChunkBoundariesIntact() {
        Trials.forAll(30, random -> {
            byte[] message = Trials.messageBytes(random, 300_000);
            byte[] wire = drain(message("", message, -1));
            assertThat(WireFormat.unstuff(wire).body()).isEqualTo(WireFormat.expectedBody(message));
        });
    }

    @Test
    void outputDoesNotDependOnHowTheContentIsRead() {
        Trials.forAll(500, random -> {
            byte[] message = Trials.messageBytes(random, 400);
            int bodyLines = random.nextInt(7) - 1;
            int maxRead = 1 + random.nextInt(64);
            byte[] whole = drain(message("", message, bodyLines));
            byte[] trickled = drain(new Pop3Reply.Message("",
                    new TricklingStream(message, maxRead, random.nextLong()), bodyLines));
            assertThat(trickled).as(Trials.escape(message)).isEqualTo(whole);
        });
    }

    @Test
    void largeContentReadInTricklesGivesTheSameChunks() {
        Trials.forAll(10, random -> {
            byte[] message = Trials.messageBytes(random, 300_000);
            List<byte[]> whole = chunks(message("", message, -1));
            List<byte[]> trickled = chunks(new Pop3Reply.Message("",
                    new TricklingStream(message, 1 + random.nextInt(5000), random.nextLong()), -1));
            assertThat(concat(trickled)).isEqualTo(concat(whole));
            for (byte[] chunk : trickled) {
                assertThat(chunk.length).isLessThanOrEqualTo(WireFormat.MAX_CHUNK);
            }
        });
    }

    @Test
    void topGivesTheHeaderTheBlankLineAndAtMostNBodyLines() {
        Trials.forAll(1000, random -> {
            byte[] message = Trials.messageBytes(random, 400);
            int bodyLines = random.nextInt(9);
            byte[] wire = drain(message("", message, bodyLines));
            assertThat(WireFormat.unstuff(wire).body())
                    .as("TOP %d of %s", bodyLines, Trials.escape(message))
                    .isEqualTo(expectedTop(message, bodyLines));
        });
    }

    @Test
    void linesComeBackAsSent() {
        String[] special = {".", "..", "", ".x", "\r", "\n", "a\r\nb", ". ", "é."};
        String alphabet = ".\r\n abé€";
        Trials.forAll(500, random -> {
            List<String> lines = new ArrayList<>();
            int count = random.nextInt(30);
            for (int i = 0; i < count; i++) {
                if (random.nextBoolean()) {
                    lines.add(special[random.nextInt(special.length)]);
                } else {
                    StringBuilder line = new StringBuilder();
                    int length = random.nextInt(20);
                    for (int j = 0; j < length; j++) {
                        line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    lines.add(line.toString());
                }
            }
            byte[] wire = drain(Pop3Reply.Lines.of("n", lines));
            StringBuilder expected = new StringBuilder();
            for (String line : lines) {
                expected.append(line.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
            }
            assertThat(new String(WireFormat.unstuff(wire).body(), StandardCharsets.UTF_8))
                    .as(lines.toString()).isEqualTo(expected.toString());
        });
    }

    private static Pop3Reply message(String text, byte[] message, int bodyLines) {
        return new Pop3Reply.Message(text, new ByteArrayInputStream(message), bodyLines);
    }

    private static byte[] drain(Pop3Reply reply) {
        return concat(chunks(reply));
    }

    private static List<byte[]> chunks(Pop3Reply reply) {
        List<byte[]> chunks = new ArrayList<>();
        try (ReplyChunks replyChunks = ReplyChunks.of(reply)) {
            for (var chunk = replyChunks.next(); chunk != null; chunk = replyChunks.next()) {
                assertThat(chunk.remaining()).isPositive().isLessThanOrEqualTo(WireFormat.MAX_CHUNK);
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                chunks.add(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunks;
    }

    private static byte[] concat(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] expectedBody(byte[] normalised) {
        if (normalised.length == 0 || WireFormat.endsWithCrlf(normalised)) {
            return normalised;
        }
        byte[] ended = Arrays.copyOf(normalised, normalised.length + 2);
        ended[normalised.length] = '\r';
        ended[normalised.length + 1] = '\n';
        return ended;
    }

    /**
     * TOP by its definition on the lines a client sees: split the RETR body into CRLF lines; the
     * header ends at the first empty line; keep the header, that line and n more lines. Without
     * an empty line everything is header.
     */
    private static byte[] expectedTop(byte[] message, int bodyLines) {
        byte[] body = WireFormat.expectedBody(message);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                lines.add(Arrays.copyOfRange(body, start, i + 2));
                start = i + 2;
                i++;
            }
        }
        int keep = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).length == 2) {
                keep = Math.min(lines.size(), i + 1 + bodyLines);
                break;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < keep; i++) {
            out.writeBytes(lines.get(i));
        }
        return out.toByteArray();
    }

    /** Returns 1 to maxRead octets per read, as a slow disk or a chunked store may. */
    private static final class TricklingStream extends InputStream {
        private final byte[] data;
        private final int maxRead;
        private final Random random;
        private int position;

        TricklingStream(byte[] data, int maxRead, long seed) {
            this.data = data;
            this.maxRead = maxRead;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(maxRead)), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
