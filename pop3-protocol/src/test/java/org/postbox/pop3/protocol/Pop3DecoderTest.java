package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pop3DecoderTest {

    private static final String TOO_LONG_255 = "line too long (at most 255 octets)";

    private final ProtocolCodecSession session = new ProtocolCodecSession();
    private Pop3Decoder decoder = new Pop3Decoder(255);

    @AfterEach
    void dispose() throws Exception {
        decoder.dispose(session);
    }

    @Test
    void decodesOneCrlfLine() throws Exception {
        assertThat(feed("STAT\r\n")).containsExactly(new Pop3Command.Stat());
    }

    @Test
    void toleratesBareLf() throws Exception {
        assertThat(feed("STAT\nRETR 2\n")).containsExactly(new Pop3Command.Stat(), new Pop3Command.Retr(2));
    }

    @Test
    void keepsABareCrInsideTheLineForTheParserToReject() throws Exception {
        assertThat(feed("NOOP\r\r\n"))
                .containsExactly(new InvalidRequest("", "command line contains a control character"));
    }

    @Test
    void matchesKeywordsInAnyCase() throws Exception {
        assertThat(feed("stat\r\nRetr 1\r\nlIsT\r\n")).containsExactly(
                new Pop3Command.Stat(), new Pop3Command.Retr(1), new Pop3Command.List(OptionalInt.empty()));
    }

    @Test
    void decodesAPipelinedPacketInOrder() throws Exception {
        assertThat(feed("USER alice\r\nPASS s e c\r\nSTAT\r\nLIST x\r\nRETR 1\r\nQUIT\r\n")).containsExactly(
                new Pop3Command.User("alice"),
                new Pop3Command.Pass("s e c"),
                new Pop3Command.Stat(),
                new InvalidRequest("LIST", "invalid message number 'x'"),
                new Pop3Command.Retr(1),
                new Pop3Command.Quit());
    }

    @Test
    void waitsForTheRestOfAPartialLine() throws Exception {
        assertThat(feed("RETR 1")).isEmpty();
        assertThat(feed("2\r")).isEmpty();
        assertThat(feed("\nTOP 3")).containsExactly(new Pop3Command.Retr(12));
        assertThat(feed(" 4\r\n")).containsExactly(new Pop3Command.Top(3, 4));
    }

    @Test
    void decodesInputSplitByteByByte() throws Exception {
        byte[] input = "USER bob\r\nPASS x y\nAPOP a b\r\nTOP 1 0\r\nfoo\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        List<Object> decoded = new ArrayList<>();
        for (byte b : input) {
            decoded.addAll(feed(new byte[] {b}));
        }
        assertThat(decoded).containsExactly(
                new Pop3Command.User("bob"),
                new Pop3Command.Pass("x y"),
                new Pop3Command.Apop("a", "b"),
                new Pop3Command.Top(1, 0),
                new InvalidRequest("FOO", "unknown command FOO"),
                new InvalidRequest("", "empty command line"));
    }

    @Test
    void decodesUtf8() throws Exception {
        assertThat(feed("USER jürgen@exämple.org\r\n")).containsExactly(new Pop3Command.User("jürgen@exämple.org"));
    }

    @Test
    void rejectsMalformedUtf8RatherThanGuessing() throws Exception {
        byte[] latin1 = "PASS p\u00e4ss\r\nNOOP\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(feed(latin1)).containsExactly(
                new InvalidRequest("PASS", "command line is not valid UTF-8"), new Pop3Command.Noop());
    }

    @Test
    void acceptsALineOfExactlyTheLimit() throws Exception {
        String line = "USER " + "a".repeat(255 - "USER ".length() - 2);
        assertThat(feed(line + "\r\n")).containsExactly(new Pop3Command.User("a".repeat(248)));
    }

    @Test
    void acceptsABareLfLineOfExactlyTheLimit() throws Exception {
        String line = "USER " + "a".repeat(255 - "USER ".length() - 1);
        assertThat(feed(line + "\n")).containsExactly(new Pop3Command.User("a".repeat(249)));
    }

    @Test
    void rejectsALineOneOctetOverTheLimitThenDecodesTheNext() throws Exception {
        String line = "USER " + "a".repeat(255 - "USER ".length() - 1);
        assertThat(feed(line + "\r\nSTAT\r\n"))
                .containsExactly(new InvalidRequest("USER", TOO_LONG_255), new Pop3Command.Stat());
    }

    @Test
    void reportsAnOverlongLineOnceAndDropsItsRestAsItArrives() throws Exception {
        assertThat(feed("pass " + "x".repeat(300))).containsExactly(new InvalidRequest("PASS", TOO_LONG_255));
        assertThat(bufferedOctets()).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(feed("y".repeat(1000))).isEmpty();
            assertThat(bufferedOctets()).isZero();
        }
        assertThat(feed("zzz\r")).isEmpty();
        assertThat(feed("\nNOOP\r\n")).containsExactly(new Pop3Command.Noop());
    }

    @Test
    void reportsAnOverlongLineSplitByteByByteOnce() throws Exception {
        byte[] input = ("USER " + "a".repeat(400) + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Object> decoded = new ArrayList<>();
        for (byte b : input) {
            decoded.addAll(feed(new byte[] {b}));
            assertThat(bufferedOctets()).isLessThan(255);
        }
        assertThat(decoded).containsExactly(new InvalidRequest("USER", TOO_LONG_255), new Pop3Command.Quit());
    }

    @Test
    void givesNoKeywordWhenTheLongLineHasNoSpaceInItsFirstOctets() throws Exception {
        assertThat(feed("A".repeat(1000) + "\r\nSTAT\r\n"))
                .containsExactly(new InvalidRequest("", TOO_LONG_255), new Pop3Command.Stat());
    }

    @Test
    void handlesSeveralOverlongLinesInOnePacket() throws Exception {
        decoder = new Pop3Decoder(10);
        assertThat(feed("RETR 123456789\r\nSTAT\r\nLIST 1234567\nTOP 1 2\r\n")).containsExactly(
                new InvalidRequest("RETR", "line too long (at most 10 octets)"),
                new Pop3Command.Stat(),
                new InvalidRequest("LIST", "line too long (at most 10 octets)"),
                new Pop3Command.Top(1, 2));
    }

    @Test
    void rejectsALimitWithoutRoomForALine() {
        assertThatThrownBy(() -> new Pop3Decoder(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pop3CodecFactory(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsStatePerSession() throws Exception {
        ProtocolCodecSession other = new ProtocolCodecSession();
        decoder.decode(session, IoBuffer.wrap(("USER " + "a".repeat(300)).getBytes(StandardCharsets.US_ASCII)),
                session.getDecoderOutput());
        decoder.decode(other, IoBuffer.wrap("STAT\r\n".getBytes(StandardCharsets.US_ASCII)), other.getDecoderOutput());
        assertThat(drain(other)).containsExactly(new Pop3Command.Stat());
        assertThat(drain(session)).containsExactly(new InvalidRequest("USER", TOO_LONG_255));
        assertThat(feed("still discarding\r\nNOOP\r\n")).containsExactly(new Pop3Command.Noop());
        decoder.dispose(other);
    }

    @Test
    void codecFactoryGivesEachSessionItsOwnDecoder() throws Exception {
        Pop3CodecFactory factory = new Pop3CodecFactory(255);
        assertThat(factory.getDecoder(session)).isInstanceOf(Pop3Decoder.class)
                .isNotSameAs(factory.getDecoder(session));
        assertThat(factory.getEncoder(session)).isInstanceOf(Pop3Encoder.class);
    }

    private List<Object> feed(String text) throws Exception {
        return feed(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Object> feed(byte[] bytes) throws Exception {
        decoder.decode(session, IoBuffer.wrap(Arrays.copyOf(bytes, bytes.length)), session.getDecoderOutput());
        return drain(session);
    }

    private static List<Object> drain(ProtocolCodecSession s) {
        List<Object> decoded = new ArrayList<>(s.getDecoderOutputQueue());
        s.getDecoderOutputQueue().clear();
        return decoded;
    }

    /** The octets CumulativeProtocolDecoder keeps between reads for this session. */
    private int bufferedOctets() {
        for (Object key : session.getAttributeKeys()) {
            Object value = session.getAttribute(key);
            if (value instanceof IoBuffer) {
                return ((IoBuffer) value).position();
            }
        }
        return 0;
    }
}
