package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pop3EncoderTest {

    private final ProtocolCodecSession session = new ProtocolCodecSession();
    private final Pop3Encoder encoder = new Pop3Encoder();

    @Test
    void encodesOk() {
        assertThat(encode(new Pop3Reply.Ok("2 messages (320 octets)"))).isEqualTo("+OK 2 messages (320 octets)\r\n");
    }

    @Test
    void encodesOkWithoutText() {
        assertThat(encode(new Pop3Reply.Ok(""))).isEqualTo("+OK\r\n");
        assertThat(encode(new Pop3Reply.Ok(null))).isEqualTo("+OK\r\n");
    }

    @Test
    void encodesErrWithoutCode() {
        assertThat(encode(Pop3Reply.Err.of("no such message"))).isEqualTo("-ERR no such message\r\n");
        assertThat(encode(Pop3Reply.Err.of(""))).isEqualTo("-ERR\r\n");
    }

    @Test
    void encodesErrWithCode() {
        assertThat(encode(new Pop3Reply.Err(ResponseCode.IN_USE, "maildrop already locked")))
                .isEqualTo("-ERR [IN-USE] maildrop already locked\r\n");
        assertThat(encode(new Pop3Reply.Err(ResponseCode.SYS_TEMP, ""))).isEqualTo("-ERR [SYS/TEMP]\r\n");
    }

    @ParameterizedTest
    @EnumSource(ResponseCode.class)
    void writesEveryResponseCodeInItsWireForm(ResponseCode code) {
        assertThat(encode(new Pop3Reply.Err(code, "x"))).isEqualTo("-ERR [" + code.wire() + "] x\r\n");
    }

    @Test
    void neverLetsATextEndTheLine() {
        assertThat(encode(Pop3Reply.Err.of("unknown command X\r\n+OK forged")))
                .isEqualTo("-ERR unknown command X  +OK forged\r\n");
        assertThat(encode(new Pop3Reply.Ok("a\rb\nc"))).isEqualTo("+OK a b c\r\n");
    }

    @Test
    void encodesTextAsUtf8() {
        IoBuffer buffer = encodeBuffer(new Pop3Reply.Ok("jürgen"));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        assertThat(bytes).isEqualTo("+OK jürgen\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cutsTheLineTo512OctetsWithoutSplittingACharacter() {
        String longText = "é".repeat(600);
        IoBuffer buffer = encodeBuffer(Pop3Reply.Err.of(longText));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        String line = new String(bytes, StandardCharsets.UTF_8);
        // "-ERR " + 253 two-octet characters + CRLF = 513 > 512, so 252 characters remain.
        assertThat(line).isEqualTo("-ERR " + "é".repeat(252) + "\r\n");
        assertThat(bytes.length).isLessThanOrEqualTo(512);
        assertThat(encode(new Pop3Reply.Ok("x".repeat(1000)))).hasSize(512).endsWith("x\r\n");
    }

    @Test
    void refusesMultiLineReplies() {
        assertThatThrownBy(() -> encode(Pop3Reply.Lines.of("list", List.of("1 2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ReplyChunks");
        assertThatThrownBy(() -> encode(new Pop3Reply.Message("m", new ByteArrayInputStream(new byte[0]), -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ReplyChunks");
        assertThatThrownBy(() -> encode("+OK"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a POP3 reply");
    }

    private String encode(Object reply) {
        IoBuffer buffer = encodeBuffer(reply);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private IoBuffer encodeBuffer(Object reply) {
        encoder.encode(session, reply, session.getEncoderOutput());
        assertThat(session.getEncoderOutputQueue()).hasSize(1);
        return (IoBuffer) session.getEncoderOutputQueue().poll();
    }
}
