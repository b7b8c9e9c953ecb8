package org.postbox.lmtp.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoder on MINA's codec test session: no sockets. */
class LmtpDecoderTest {

    private final ProtocolCodecSession session = new ProtocolCodecSession();
    private LmtpDecoder decoder = new LmtpDecoder(512, 1_000_000);

    @Test
    void decodesPipelinedCommandsInOrderAndHoldsAfterData() {
        List<Object> out = feed("LHLO mx.example.net\r\nMAIL FROM:<>\nRCPT TO:<a@example.com>\r\nDATA\r\nNOOP\r\n");
        assertThat(out).containsExactly(
                new LmtpCommand.Lhlo("mx.example.net"),
                new LmtpCommand.Mail("", java.util.OptionalLong.empty(), java.util.Optional.empty()),
                new LmtpCommand.Rcpt("a@example.com"),
                new LmtpCommand.Data());
        assertThat(decoder.isHolding()).isTrue();
        assertThat(feed("QUIT\r\n")).as("nothing is decoded while holding").isEmpty();

        IoBuffer early = decoder.release(false);
        assertThat(decoder.isHolding()).isFalse();
        assertThat(decodeBuffer(early)).containsExactly(new LmtpCommand.Noop(), new LmtpCommand.Quit());
    }

    @Test
    void readsTheMessageAfterARelease() {
        feed("DATA\r\n");
        assertThat(decoder.release(true)).as("nothing arrived while holding").isNull();
        List<Object> out = feed("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        assertThat(out).hasSize(3);
        assertThat(messageAndRest(out)).containsExactly("Subject: hi\r\n\r\nbody\r\n", "end 21", "QUIT");
    }

    @Test
    void messageSentBeforeTheDecisionIsDecodedAsMessageAfterIt() {
        feed("DATA\r\nline one\r\n..dotted\r\n.\r\nRSET\r\n");
        IoBuffer early = decoder.release(true);
        assertThat(messageAndRest(decodeBuffer(early)))
                .containsExactly("line one\r\n.dotted\r\n", "end 19", "RSET");
    }

    @Test
    void unstuffsDotsAndMakesEveryLineEndCrlf() {
        assertThat(message(".leading\r\n..\r\nbare lf\nbare cr\rkept\r\n.\r\n"))
                .isEqualTo("leading\r\n.\r\nbare lf\r\nbare cr\rkept\r\n");
        assertThat(message(".\r\n")).isEmpty();
        assertThat(message("a\r\r\n.\r\n")).isEqualTo("a\r\r\n");
        assertThat(message(".\rx\r\n.\r\n")).as("a dot line with more on it is not the end").isEqualTo("\rx\r\n");
        assertThat(message("x\r\n.\r\r\n.\r\n")).isEqualTo("x\r\n\r\r\n");
    }

    @Test
    void onlyCrlfDotCrlfEndsTheMessage() {
        // RFC 5321 section 4.1.1.4; anything else is where SMTP smuggling hides a second message.
        for (String dotLine : List.of("a\n.\n", "a\r\n.\n", "a\n.\r\n")) {
            List<String> parts = messageAndRest(feedMessage(dotLine + "MAIL FROM:<x@example.org>\r\n.\r\nNOOP\r\n"));
            assertThat(parts).as("%s", dotLine.replace("\r", "\\r").replace("\n", "\\n"))
                    .containsExactly("a\r\n.\r\nMAIL FROM:<x@example.org>\r\n", "end 33 bare-LF dot line", "NOOP");
        }
    }

    @Test
    void bareLineFeedsElsewhereLeaveTheMessageUnmarked() {
        List<String> parts = messageAndRest(feedMessage("a\n..\nb\n\r\n.\r\n"));
        assertThat(parts).containsExactly("a\r\n.\r\nb\r\n\r\n", "end 11");
    }

    @Test
    void theMarkDoesNotOutliveItsMessage() {
        feedMessage("a\n.\nb\r\n.\r\nDATA\r\n");
        decoder.release(true);
        assertThat(messageAndRest(feed("c\r\n.\r\n"))).containsExactly("c\r\n", "end 3");
    }

    @Test
    void theTerminatorMustStartALine() {
        assertThat(message("a.\r\n.b\r\n.\r\n")).isEqualTo("a.\r\nb\r\n");
    }

    @Test
    void anySplitIntoPacketsGivesTheSameResult() {
        String stream = "LHLO a.example\r\nDATA\r\n";
        String text = "Subject: x\r\n\r\n..a\n.b\r\nc\rd\r\n\r\n..\r\n";
        String after = ".\r\nNOOP\r\nQUIT\n";
        List<String> expected = wholeThenSplit(stream, text, after, Integer.MAX_VALUE, null);
        assertThat(expected).containsExactly("Subject: x\r\n\r\n.a\r\nb\r\nc\rd\r\n\r\n.\r\n", "end 31", "NOOP", "QUIT");
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            assertThat(wholeThenSplit(stream, text, after, 1 + random.nextInt(8), random)).as("trial %d", trial).isEqualTo(expected);
        }
        assertThat(wholeThenSplit(stream, text, after, 1, null)).as("one octet at a time").isEqualTo(expected);
    }

    @Test
    void passesOnlyTheMaximumButCountsEverything() {
        decoder = new LmtpDecoder(512, 10);
        feed("DATA\r\n");
        decoder.release(true);
        List<Object> out = new ArrayList<>(feed("0123456789abcdef\r\n"));
        out.addAll(feed("more\r\n.\r\n"));
        assertThat(messageAndRest(out)).containsExactly("0123456789", "end 24");
    }

    @Test
    void refusesAnOverLongLineOnceAndReadsTheNext() {
        decoder = new LmtpDecoder(20, 100);
        List<Object> out = feed("RCPT TO:<" + "x".repeat(30) + ">\r\nNOOP\r\n");
        assertThat(out).containsExactly(
                new InvalidCommand("RCPT", LmtpReply.of(500, "5.5.2", "line too long (at most 20 octets)")),
                new LmtpCommand.Noop());
        out = feed("y".repeat(50));
        assertThat(out).hasSize(1);
        assertThat(feed("y".repeat(50))).as("the rest of the line is dropped as it comes").isEmpty();
        assertThat(feed("yyy\r\nQUIT\r\n")).containsExactly(new LmtpCommand.Quit());
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() {
        decoder = new LmtpDecoder(20, 100);
        String line = "VRFY " + "x".repeat(13); // 18 octets + CRLF = 20
        assertThat(feed(line + "\r\n")).containsExactly(new LmtpCommand.Vrfy("x".repeat(13)));
        assertThat(feed(line + "x\r\n")).hasSize(1).first().isInstanceOf(InvalidCommand.class);
    }

    @Test
    void refusesOctetsOutsideAscii() {
        List<Object> out = decode("RCPT TO:<j\u00f6rg@example.com>\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(out).containsExactly(new InvalidCommand("RCPT",
                LmtpReply.of(500, "5.5.2", "command line contains octets outside US-ASCII")));
    }

    @Test
    void releasingWithoutHoldingIsADefect() {
        assertThatThrownBy(() -> decoder.release(true)).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String message(String text) {
        decoder = new LmtpDecoder(512, 1_000_000);
        feed("DATA\r\n");
        decoder.release(true);
        List<String> parts = messageAndRest(feed(text));
        assertThat(parts).hasSize(2);
        assertThat(parts.get(1)).isEqualTo("end " + parts.get(0).length());
        return parts.get(0);
    }

    /** A new decoder in message mode, fed {@code text}. */
    private List<Object> feedMessage(String text) {
        decoder = new LmtpDecoder(512, 1_000_000);
        feed("DATA\r\n");
        decoder.release(true);
        return feed(text);
    }

    /** Feeds the commands, releases into message mode, feeds the message and what follows in pieces. */
    private List<String> wholeThenSplit(String commands, String text, String after, int maxPiece, Random random) {
        decoder = new LmtpDecoder(512, 1_000_000);
        feed(commands);
        decoder.release(true);
        byte[] rest = bytes(text + after);
        List<Object> out = new ArrayList<>();
        int position = 0;
        while (position < rest.length) {
            int piece = Math.min(rest.length - position, random == null ? maxPiece : 1 + random.nextInt(maxPiece));
            byte[] part = new byte[piece];
            System.arraycopy(rest, position, part, 0, piece);
            out.addAll(decode(part));
            position += piece;
        }
        return messageAndRest(out);
    }

    /** The message text joined, "end n", then command keywords. */
    private static List<String> messageAndRest(List<Object> out) {
        List<String> result = new ArrayList<>();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (Object input : out) {
            if (input instanceof MessageData data) {
                text.writeBytes(data.octets());
            } else if (input instanceof MessageEnd end) {
                result.add(text.toString(StandardCharsets.ISO_8859_1));
                result.add("end " + end.octets() + (end.bareLfDotLine() ? " bare-LF dot line" : ""));
            } else if (input instanceof LmtpCommand command) {
                result.add(command.keyword());
            } else {
                result.add(input.toString());
            }
        }
        return result;
    }

    private List<Object> feed(String text) {
        return decode(bytes(text));
    }

    private List<Object> decode(byte[] bytes) {
        return decodeBuffer(IoBuffer.wrap(bytes));
    }

    private List<Object> decodeBuffer(IoBuffer buffer) {
        decoder.decode(session, buffer, session.getDecoderOutput());
        List<Object> out = new ArrayList<>();
        Object next;
        while ((next = session.getDecoderOutputQueue().poll()) != null) {
            out.add(next);
        }
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
