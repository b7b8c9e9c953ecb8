package org.postbox.pop3.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaslMessagesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void scramClientFirst() {
        ScramMessages.ClientFirst first = ScramMessages.clientFirst("n,,n=us=2Cer=3D,r=abc,x=ext").orElseThrow();
        assertThat(first.gs2Header()).isEqualTo("n,,");
        assertThat(first.user()).isEqualTo("us,er=");
        assertThat(first.nonce()).isEqualTo("abc");
        assertThat(first.bare()).isEqualTo("n=us=2Cer=3D,r=abc,x=ext");
        assertThat(ScramMessages.clientFirst("y,a=us=2Cer,n=x,r=1").orElseThrow().authorizationId()).contains("us,er");
        for (String bad : new String[] {"", "n", "n,", "n,,", "p=tls-unique,,n=a,r=b", "n,,m=ext,n=a,r=b",
                "n,,n=,r=b", "n,,n=a=2X,r=b", "n,,n=a", "n,,r=b,n=a", "n,,n=a,r=", "n,,n=a,r=b c", "q,,n=a,r=b",
                "n,b,n=a,r=b", "n,,n=a,r=b,"}) {
            assertThat(ScramMessages.clientFirst(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void scramClientFinal() {
        ScramMessages.ClientFinal last = ScramMessages.clientFinal("c=biws,r=abc,p=AAAA").orElseThrow();
        assertThat(last.channelBinding()).isEqualTo("biws");
        assertThat(last.withoutProof()).isEqualTo("c=biws,r=abc");
        assertThat(last.proof()).hasSize(3);
        for (String bad : new String[] {"", "c=biws,r=abc", "r=abc,c=biws,p=AAAA", "c=biws,r=,p=AAAA",
                "c=biws,r=abc,p=!!", "c=biws,r=abc,M=1,p=AAAA"}) {
            assertThat(ScramMessages.clientFinal(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void oauthBearerAndXoauth2Messages() {
        assertThat(BearerMessages.oauthBearer(bytes("n,a=u@x.org,\u0001auth=bearer tok.en\u0001\u0001")))
                .contains(new BearerMessages.BearerRequest(Optional.of("u@x.org"), "tok.en"));
        assertThat(BearerMessages.xoauth2(bytes("user=u@x.org\u0001auth=Bearer t\u0001\u0001")))
                .contains(new BearerMessages.BearerRequest(Optional.of("u@x.org"), "t"));
        for (String bad : new String[] {"", "\u0001", "n,,auth=Bearer t\u0001\u0001", "n,,\u0001auth=Bearer t\u0001",
                "n,,\u0001auth=Basic t\u0001\u0001", "n,,\u0001auth=Bearer \u0001\u0001",
                "n,,\u0001auth=Bearer t\u0001auth=Bearer u\u0001\u0001", "p=x,,\u0001auth=Bearer t\u0001\u0001",
                "n,,\u0001auth=Bearer t\u0001\u0001extra", "n,,\u00011=2\u0001auth=Bearer t\u0001\u0001"}) {
            assertThat(BearerMessages.oauthBearer(bytes(bad))).as(bad.replace('\u0001', '^')).isEmpty();
        }
        assertThat(BearerMessages.xoauth2(bytes("auth=Bearer t\u0001\u0001"))).isEmpty();
        assertThat(BearerMessages.isErrorAcknowledgement(new byte[] {1})).isTrue();
        assertThat(BearerMessages.oauthBearer(bytes("n,,\u0001auth=Bearer secret\u0001\u0001")).orElseThrow().toString())
                .doesNotContain("secret");
    }

    @Test
    void cramMd5Answers() {
        assertThat(CramMd5Answer.parse(bytes("tim b913a602c7eda7a495b4e6e7334d3890"))).hasValueSatisfying(answer ->
                assertThat(answer.user()).isEqualTo("tim"));
        assertThat(CramMd5Answer.parse(bytes("first last b913a602c7eda7a495b4e6e7334d3890")).orElseThrow().user())
                .isEqualTo("first last");
        for (String bad : new String[] {"", "tim", "tim b913a602c7eda7a495b4e6e7334d389", " b913a602c7eda7a495b4e6e7334d3890",
                "tim B913A602C7EDA7A495B4E6E7334D3890", "tim b913a602c7eda7a495b4e6e7334d389g"}) {
            assertThat(CramMd5Answer.parse(bytes(bad))).as(bad).isEmpty();
        }
    }
}
