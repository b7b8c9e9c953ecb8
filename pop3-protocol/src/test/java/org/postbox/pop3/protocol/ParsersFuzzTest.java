package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postbox.pop3.protocol.proxy.ProxyHeaderParser;
import org.postbox.pop3.protocol.proxy.ProxyHeaderResult;

/**
 * Jazzer fuzz targets for every parser that reads what a client sends. The test phase replays each
 * target's seeds, in {@code src/test/resources/org/postbox/pop3/protocol/ParsersFuzzTestInputs/<method>/};
 * then the build fuzzes each target for {@code fuzz.duration} (the fuzz-* executions in the pom),
 * and a finding fails it with the commands that turn the failing input into a seed
 * ({@link FuzzFindingReport}). The {@code maxDuration} below applies when a target is fuzzed
 * from an IDE with {@code JAZZER_FUZZ=1}.
 */
@ExtendWith(FuzzFindingReport.class)
class ParsersFuzzTest {

    /** What MINA's SslFilter leaves on a session after its handshake; the decoder only asks whether it is there. */
    private static final SSLSession TLS_SESSION = tlsSession();

    /**
     * The decoder, in and out of SASL mode, with input split at fuzzer-chosen points: never throws,
     * and a clear-text STLS is the last request it yields until the server refuses the STLS or TLS
     * is up, whatever else arrives (RFC 2595 section 4; CVE-2021-38084).
     */
    @FuzzTest(maxDuration = "60s")
    void decoder(FuzzedDataProvider data) throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        Pop3Decoder decoder = new Pop3Decoder(64, 128);
        if (data.consumeBoolean()) {
            SaslResponseMode.enter(session);
        }
        boolean stlsPending = false;
        while (data.remainingBytes() > 0) {
            byte[] packet = data.consumeBytes(1 + data.consumeInt(0, 80));
            // One octet of events before the packet arrives. Its low bit is where consumeBoolean()
            // read the SASL one before the STLS events were added, so older seeds keep their meaning.
            int events = data.consumeInt(0, 7);
            if ((events & 1) != 0) {
                SaslResponseMode.leave(session);
            }
            if ((events & 2) != 0) {
                Pop3Decoder.stlsRefused(session);
                stlsPending = false;
            }
            if ((events & 4) != 0) {
                session.setAttribute(SslFilter.SSL_SECURED, TLS_SESSION);
                stlsPending = false;
            }
            decoder.decode(session, IoBuffer.wrap(packet), session.getDecoderOutput());
            List<Object> decoded = new ArrayList<>(session.getDecoderOutputQueue());
            session.getDecoderOutputQueue().clear();
            if (stlsPending) {
                assertThat(decoded).as("decoded in the clear after STLS").isEmpty();
            }
            for (Object request : decoded) {
                assertThat(request).isInstanceOf(Pop3Request.class);
                if (request instanceof InvalidRequest invalid) {
                    assertThat(invalid.keyword()).doesNotContain("\r", "\n");
                }
            }
            int stls = decoded.indexOf(new Pop3Command.Stls());
            if (stls >= 0 && session.getAttribute(SslFilter.SSL_SECURED) == null) {
                assertThat(stls).as("index of STLS among requests decoded in one read").isEqualTo(decoded.size() - 1);
                stlsPending = true;
            }
        }
        decoder.dispose(session);
    }

    /** A command line: never throws; a valid command's keyword is what the line began with. */
    @FuzzTest(maxDuration = "60s")
    void commandLine(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        Pop3Request request = CommandParser.parse(line);
        if (request instanceof Pop3Command command) {
            assertThat(line.substring(0, Math.min(line.length(), command.keyword().length())))
                    .isEqualToIgnoringCase(command.keyword());
        }
    }

    /** A SASL response line: never throws; decoded data re-encodes to the very line. */
    @FuzzTest(maxDuration = "60s")
    void saslResponse(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        SaslResponse response = SaslResponse.parse(line);
        if (response instanceof SaslResponse.Data decoded && !line.equals("=")) {
            assertThat(Base64.getEncoder().encodeToString(decoded.data())).isEqualTo(line);
        }
        response.asCommand(255);
    }

    /** The PROXY header: never throws, never claims more octets than it got, never revises a decision. */
    @FuzzTest(maxDuration = "60s")
    void proxyHeader(FuzzedDataProvider data) {
        int cut = data.consumeInt(0, 300);
        byte[] input = data.consumeRemainingAsBytes();
        ProxyHeaderResult whole = ProxyHeaderParser.parse(input, input.length);
        if (whole instanceof ProxyHeaderResult.Complete complete) {
            assertThat(complete.length()).isBetween(1, input.length);
        }
        ProxyHeaderResult early = ProxyHeaderParser.parse(input, Math.min(cut, input.length));
        if (!(early instanceof ProxyHeaderResult.Incomplete)) {
            assertThat(whole).isEqualTo(early);
        }
    }

    private static SSLSession tlsSession() {
        try {
            return SSLContext.getDefault().createSSLEngine().getSession();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
