package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslResponseTest {

    @Test
    void base64IsDecoded() {
        SaslResponse response = SaslResponse.parse("AGFsaWNlAHNlY3JldA==");
        assertThat(response).isInstanceOf(SaslResponse.Data.class);
        assertThat(((SaslResponse.Data) response).data()).isEqualTo("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void anEmptyLineAndEqualsSignAreEmptyResponses() {
        assertThat(((SaslResponse.Data) SaslResponse.parse("")).data()).isEmpty();
        assertThat(((SaslResponse.Data) SaslResponse.parse("=")).data()).isEmpty();
    }

    @Test
    void aStarCancels() {
        assertThat(SaslResponse.parse("*")).isEqualTo(new SaslResponse.Cancel("*"));
    }

    @Test
    void anythingButCanonicalPaddedBase64IsMalformed() {
        for (String line : new String[] {"dGVzdA", "dGVzdA=", "dGVzdB==", "dGV zdA==", "dGVzdA==\t", "*\u0000", "**",
                "====", "a===", "dG=zdA==", "dGVzdA==dGVzdA==x"}) {
            assertThat(SaslResponse.parse(line)).as(line).isInstanceOf(SaslResponse.Malformed.class);
        }
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(SaslResponse.parse("AGFsaWNlAHNlY3JldA==").toString()).isEqualTo("Data[13 octets]");
        assertThat(SaslResponse.parse("not base64!").toString()).doesNotContain("base64");
    }

    @Test
    void aLineReadAsSaslDataCanStillBeTheCommandItWas() {
        assertThat(SaslResponse.parse("STAT").asCommand(255)).isEqualTo(new Pop3Command.Stat());
        assertThat(SaslResponse.parse("QUIT").asCommand(255)).isEqualTo(new Pop3Command.Quit());
        assertThat(SaslResponse.parse("LIST 1 2").asCommand(255))
                .isEqualTo(new InvalidRequest("LIST", "too many arguments to LIST"));
        assertThat(SaslResponse.parse("NOOP " + "x".repeat(300)).asCommand(255))
                .isEqualTo(new InvalidRequest("NOOP", "line too long (at most 255 octets)"));
    }

    @Test
    void aContinuationIsEncodedWhole() {
        String challenge = "A".repeat(1000);
        byte[] wire = StatusLine.of(new Pop3Reply.Continuation(challenge));
        assertThat(new String(wire, StandardCharsets.US_ASCII)).isEqualTo("+ " + challenge + "\r\n");
        assertThat(StatusLine.of(Pop3Reply.Continuation.of(new byte[0]))).isEqualTo("+ \r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
