package org.postbox.lmtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LmtpEncoderTest {

    @Test
    void encodesASingleLineReply() {
        assertThat(wire(LmtpReply.of(550, "5.1.1", "<bob@example.com> no such mailbox")))
                .isEqualTo("550 5.1.1 <bob@example.com> no such mailbox\r\n");
    }

    @Test
    void encodesAMultiLineReplyWithoutStatus() {
        LmtpReply lhlo = new LmtpReply(250, null, List.of("mail.example.com", "PIPELINING", "SIZE 10"));
        assertThat(wire(lhlo)).isEqualTo("250-mail.example.com\r\n250-PIPELINING\r\n250 SIZE 10\r\n");
    }

    @Test
    void cannotBeMadeToEndALineEarly() {
        assertThat(wire(LmtpReply.of(250, "2.0.0", "a\r\n250 forged\u00e9\u007f")))
                .isEqualTo("250 2.0.0 a  250 forged?\u0020\r\n");
    }

    @Test
    void cutsLinesAt512Octets() {
        String wire = wire(LmtpReply.of(250, "2.0.0", "x".repeat(1000)));
        assertThat(wire).hasSize(512).endsWith("xx\r\n");
    }

    @Test
    void goesThroughTheMinaEncoder() throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        new LmtpEncoder().encode(session, LmtpReply.of(221, "2.0.0", "bye"), session.getEncoderOutput());
        IoBuffer buffer = (IoBuffer) session.getEncoderOutputQueue().poll();
        assertThat(buffer.getString(StandardCharsets.US_ASCII.newDecoder())).isEqualTo("221 2.0.0 bye\r\n");
    }

    @Test
    void checksCodesAndStatuses() {
        assertThatThrownBy(() -> LmtpReply.of(199, "2.0.0", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LmtpReply.of(250, "5.0.0", "x")).hasMessageContaining("does not match");
        assertThatThrownBy(() -> LmtpReply.of(250, "2.0", "x")).hasMessageContaining("not an enhanced status code");
        assertThatThrownBy(() -> new LmtpReply(250, null, List.of())).hasMessageContaining("at least one line");
        assertThat(LmtpReply.of(354, "2.0.0", "go ahead").status()).as("354 goes on with a success status").isEqualTo("2.0.0");
    }

    private static String wire(LmtpReply reply) {
        return new String(LmtpEncoder.bytes(reply), StandardCharsets.US_ASCII);
    }
}
