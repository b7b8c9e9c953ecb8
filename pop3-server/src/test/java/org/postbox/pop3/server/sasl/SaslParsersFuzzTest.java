package org.postbox.pop3.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postbox.pop3.protocol.FuzzFindingReport;

/**
 * Jazzer fuzz targets for the SASL message parsers: none may throw, whatever a client sends, and
 * what they accept holds together. The test phase replays each target's seeds, in
 * {@code src/test/resources/org/postbox/pop3/server/sasl/SaslParsersFuzzTestInputs/<method>/}; then
 * the build fuzzes each target for {@code fuzz.duration} (the fuzz-* executions in the pom), and a
 * finding fails it with the commands that turn the failing input into a seed
 * ({@link FuzzFindingReport}). The {@code maxDuration} below applies when a target is fuzzed from
 * an IDE with {@code JAZZER_FUZZ=1}.
 */
@ExtendWith(FuzzFindingReport.class)
class SaslParsersFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void plain(byte[] message) {
        PlainMessage.parse(message).ifPresent(plain -> {
            assertThat(plain.authenticationId()).isNotEmpty().doesNotContain("\0");
            assertThat(plain.password()).isNotEmpty().doesNotContain("\0");
        });
    }

    @FuzzTest(maxDuration = "60s")
    void scram(FuzzedDataProvider data) {
        String first = data.consumeString(300);
        ScramMessages.clientFirst(first).ifPresent(parsed -> {
            assertThat(first).startsWith(parsed.gs2Header()).endsWith(parsed.bare());
            assertThat(parsed.nonce()).isNotEmpty().doesNotContain(",");
        });
        String last = data.consumeRemainingAsString();
        ScramMessages.clientFinal(last).ifPresent(parsed -> assertThat(last).startsWith(parsed.withoutProof()));
    }

    @FuzzTest(maxDuration = "60s")
    void bearer(byte[] message) {
        BearerMessages.oauthBearer(message).ifPresent(request -> assertThat(request.token()).isNotBlank().doesNotContain(" "));
        BearerMessages.xoauth2(message).ifPresent(request -> assertThat(request.user()).isPresent());
    }

    @FuzzTest(maxDuration = "60s")
    void cramMd5(byte[] message) {
        CramMd5Answer.parse(message).ifPresent(answer -> {
            assertThat(answer.digest()).hasSize(16);
            assertThat(new String(message, StandardCharsets.UTF_8)).startsWith(answer.user() + " ");
        });
    }
}
