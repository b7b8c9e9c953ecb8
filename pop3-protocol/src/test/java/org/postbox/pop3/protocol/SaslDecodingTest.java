package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decoder's SASL response mode (RFC 5034 section 4). */
class SaslDecodingTest {

    private final ProtocolCodecSession session = new ProtocolCodecSession();
    private final Pop3Decoder decoder = new Pop3Decoder(255, 1024);

    @AfterEach
    void dispose() throws Exception {
        decoder.dispose(session);
    }

    @Test
    void linesAfterAuthAreSaslResponses() throws Exception {
        List<Object> decoded = feed("AUTH PLAIN\r\nAGFsaWNlAHNlY3JldA==\r\n");
        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0)).isEqualTo(new Pop3Command.Auth("PLAIN", Optional.empty()));
        assertThat(decoded.get(1)).isInstanceOf(SaslResponse.Data.class);
        assertThat(SaslResponseMode.isActive(session)).isTrue();
    }

    @Test
    void commandsAreCommandsAgainOnceTheSessionLeavesTheMode() throws Exception {
        feed("AUTH PLAIN\r\n");
        assertThat(feed("*\r\n")).containsExactly(new SaslResponse.Cancel("*"));
        SaslResponseMode.leave(session);
        assertThat(feed("STAT\r\n")).containsExactly(new Pop3Command.Stat());
    }

    @Test
    void theSessionCanEnterTheModeItself() throws Exception {
        SaslResponseMode.enter(session);
        assertThat(feed("STAT\r\n")).singleElement().isInstanceOf(SaslResponse.Data.class);
    }

    @Test
    void saslLinesHaveTheirOwnLimit() throws Exception {
        SaslResponseMode.enter(session);
        String token = "A".repeat(1020);
        assertThat(feed(token + "\r\n")).singleElement().isInstanceOf(SaslResponse.Data.class);

        String tooLong = "A".repeat(1100);
        assertThat(feed(tooLong + "\r\nSTAT\r\n")).containsExactly(
                new InvalidRequest("", "line too long (at most 1024 octets)"),
                SaslResponse.parse("STAT"));
    }

    @Test
    void commandLinesKeepTheCommandLimit() throws Exception {
        assertThat(feed("NOOP " + "x".repeat(300) + "\r\n"))
                .containsExactly(new InvalidRequest("NOOP", "line too long (at most 255 octets)"));
    }

    @Test
    void anAuthLineMayCarryATokenAsLongAsASaslResponse() throws Exception {
        String token = "A".repeat(900);
        assertThat(feed("auth XOAUTH2 " + token + "\r\n"))
                .containsExactly(new Pop3Command.Auth("XOAUTH2", Optional.of(token)));
        SaslResponseMode.leave(session);
        assertThat(feed("AUTH XOAUTH2 " + "A".repeat(1100) + "\r\n"))
                .containsExactly(new InvalidRequest("AUTH", "line too long (at most 1024 octets)"));
    }

    @Test
    void invalidUtf8InAResponseIsAnInvalidRequestWithoutKeyword() throws Exception {
        SaslResponseMode.enter(session);
        List<Object> decoded = feedBytes(new byte[] {(byte) 0xC3, 0x28, '\r', '\n'});
        assertThat(decoded).containsExactly(new InvalidRequest("", "command line is not valid UTF-8"));
    }

    @Test
    void aRefusedOrMalformedAuthStillRaisesNothingButAValidOneDoes() throws Exception {
        assertThat(feed("AUTH\r\n")).singleElement().isInstanceOf(InvalidRequest.class);
        assertThat(SaslResponseMode.isActive(session)).isFalse();
    }

    private List<Object> feed(String text) throws Exception {
        return feedBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Object> feedBytes(byte[] bytes) throws Exception {
        decoder.decode(session, IoBuffer.wrap(bytes), session.getDecoderOutput());
        List<Object> out = new ArrayList<>(session.getDecoderOutputQueue());
        session.getDecoderOutputQueue().clear();
        return out;
    }
}
