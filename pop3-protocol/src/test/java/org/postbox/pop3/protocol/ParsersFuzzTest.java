package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Base64;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.postbox.pop3.protocol.proxy.ProxyHeaderParser;
import org.postbox.pop3.protocol.proxy.ProxyHeaderResult;

/**
 * Jazzer fuzz targets for every parser that reads what a client sends. Under {@code mvn verify}
 * (no {@code JAZZER_FUZZ} in the environment) Jazzer runs each target on its seed inputs only,
 * in {@code src/test/resources/org/postbox/pop3/protocol/ParsersFuzzTestInputs/<method>/}, so the
 * build stays fast and deterministic. To fuzz for real, for the given time per target:
 *
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw -pl pop3-protocol test -Dtest=ParsersFuzzTest -Djazzer.hooks=true
 * </pre>
 *
 * A finding is written next to the seeds and from then on replayed by every build.
 */
class ParsersFuzzTest {

    /** The decoder, in and out of SASL mode, with input split at fuzzer-chosen points: never throws. */
    @FuzzTest(maxDuration = "60s")
    void decoder(FuzzedDataProvider data) throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        Pop3Decoder decoder = new Pop3Decoder(64, 128);
        if (data.consumeBoolean()) {
            SaslResponseMode.enter(session);
        }
        while (data.remainingBytes() > 0) {
            byte[] packet = data.consumeBytes(1 + data.consumeInt(0, 80));
            if (data.consumeBoolean()) {
                SaslResponseMode.leave(session);
            }
            decoder.decode(session, IoBuffer.wrap(packet), session.getDecoderOutput());
        }
        for (Object request : session.getDecoderOutputQueue()) {
            assertThat(request).isInstanceOf(Pop3Request.class);
            if (request instanceof InvalidRequest invalid) {
                assertThat(invalid.keyword()).doesNotContain("\r", "\n");
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
}
