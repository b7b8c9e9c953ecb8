package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * STLS as the decoder sees it (RFC 2595 section 4): the last clear-text line it decodes, with
 * everything sent after it in the clear dropped, so that no injected command (CVE-2021-38084,
 * CVE-2021-38542) can be executed once TLS is up.
 */
class StlsDecodingTest {

    private final ProtocolCodecSession session = new ProtocolCodecSession();
    private final Pop3Decoder decoder = new Pop3Decoder(255);

    @AfterEach
    void dispose() throws Exception {
        decoder.dispose(session);
    }

    @Test
    void parsesStlsWithoutArguments() {
        assertThat(CommandParser.parse("STLS")).isEqualTo(new Pop3Command.Stls());
        assertThat(CommandParser.parse("stls")).isEqualTo(new Pop3Command.Stls());
        assertThat(CommandParser.parse("STLS now")).isEqualTo(new InvalidRequest("STLS", "too many arguments to STLS"));
    }

    @Test
    void dropsWhatFollowsStlsInTheSameRead() throws Exception {
        assertThat(feed("NOOP\r\nSTLS\r\nUSER alice\r\nPASS secret\r\n"))
                .containsExactly(new Pop3Command.Noop(), new Pop3Command.Stls());
        assertThat(session.getDecoderOutputQueue()).isEmpty();
    }

    @Test
    void dropsEverythingReceivedInTheClearUntilTlsIsUp() throws Exception {
        assertThat(feed("STLS\r\n")).containsExactly(new Pop3Command.Stls());
        assertThat(feed("USER alice\r\n")).isEmpty();
        assertThat(feed("PASS sec")).isEmpty();
        assertThat(feed("ret\r\n")).isEmpty();

        secure();
        // Whatever the TLS filter passes up now was decrypted: decoding resumes, with nothing left over.
        assertThat(feed("CAPA\r\n")).containsExactly(new Pop3Command.Capa());
    }

    @Test
    void resumesTheClearTextSessionWhenStlsIsRefused() throws Exception {
        assertThat(feed("STLS\r\nNOOP\r\n")).containsExactly(new Pop3Command.Stls());
        Pop3Decoder.stlsRefused(session);
        assertThat(feed("NOOP\r\nQUIT\r\n")).containsExactly(new Pop3Command.Noop(), new Pop3Command.Quit());
    }

    @Test
    void stlsUnderTlsIsAnOrdinaryCommand() throws Exception {
        secure();
        assertThat(feed("STLS\r\nCAPA\r\n")).containsExactly(new Pop3Command.Stls(), new Pop3Command.Capa());
    }

    @Test
    void aPartialLineBeforeStlsIsNotAffected() throws Exception {
        assertThat(feed("CA")).isEmpty();
        assertThat(feed("PA\r\nSTLS\r\nQUIT\r\n")).containsExactly(new Pop3Command.Capa(), new Pop3Command.Stls());
    }

    /** What MINA's SslFilter does when a handshake completes. */
    private void secure() throws Exception {
        session.setAttribute(SslFilter.SSL_SECURED, SSLContext.getDefault().createSSLEngine().getSession());
    }

    private List<Object> feed(String text) throws Exception {
        decoder.decode(session, IoBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), session.getDecoderOutput());
        List<Object> decoded = new ArrayList<>(session.getDecoderOutputQueue());
        session.getDecoderOutputQueue().clear();
        return decoded;
    }
}
