package org.postbox.pop3.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Round trips through the SASL parsers over seeded pseudo-random names, passwords and tokens: what
 * a well-behaved client writes is read back exactly. A failure names the seed that reproduces it.
 */
class SaslParsersPropertyTest {

    private static final long BASE_SEED = Long.getLong("postbox.test.seed", 0x5A5L);

    private static void forAll(int tries, Consumer<Random> property) {
        for (int i = 0; i < tries; i++) {
            long seed = BASE_SEED + i;
            try {
                property.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + i + " failed; reproduce with new Random(" + seed + "L): " + e.getMessage(), e);
            }
        }
    }

    /** Text from an alphabet with the characters that matter to these formats, and some beyond ASCII. */
    private static String text(Random random, int min, int max, String alphabet) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static final String NAME = "abcXYZ019.-_@=, é€";

    @Test
    void plainReadsBackWhatWasWritten() {
        forAll(1000, random -> {
            String authzid = random.nextBoolean() ? "" : text(random, 1, 40, NAME);
            String authcid = text(random, 1, 60, NAME);
            String password = text(random, 1, 80, NAME + "\u0001\t");
            byte[] message = (authzid + "\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8);
            assertThat(PlainMessage.parse(message)).contains(new PlainMessage(authzid, authcid, password));
        });
    }

    @Test
    void scramNamesSurviveTheirEscaping() {
        forAll(1000, random -> {
            String user = text(random, 1, 40, NAME);
            String nonce = text(random, 1, 30, "abcXYZ0189+/=!~");
            String escaped = user.replace("=", "=3D").replace(",", "=2C");
            String message = "n,,n=" + escaped + ",r=" + nonce;
            ScramMessages.ClientFirst first = ScramMessages.clientFirst(message).orElseThrow();
            assertThat(first.user()).isEqualTo(user);
            assertThat(first.nonce()).isEqualTo(nonce);
            assertThat(first.authorizationId()).isEmpty();
        });
    }

    @Test
    void bearerRequestsReadBackWhatWasWritten() {
        forAll(1000, random -> {
            String user = text(random, 1, 40, "abcXYZ019.-_@é");
            String token = text(random, 1, 200, "abcXYZ019.-_~+/=");
            byte[] oauthBearer = ("n,a=" + user + ",\u0001host=mail.example.com\u0001auth=Bearer " + token + "\u0001\u0001")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] xoauth2 = ("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
            BearerMessages.BearerRequest expected = new BearerMessages.BearerRequest(Optional.of(user), token);
            assertThat(BearerMessages.oauthBearer(oauthBearer)).contains(expected);
            assertThat(BearerMessages.xoauth2(xoauth2)).contains(expected);
        });
    }

    @Test
    void noParserThrowsOnNoise() {
        forAll(3000, random -> {
            byte[] noise = new byte[random.nextInt(120)];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) "\0\u0001,=nra a=Bearer".charAt(random.nextInt(16));
            }
            PlainMessage.parse(noise);
            BearerMessages.oauthBearer(noise);
            BearerMessages.xoauth2(noise);
            CramMd5Answer.parse(noise);
            String text = new String(noise, StandardCharsets.UTF_8);
            ScramMessages.clientFirst(text);
            ScramMessages.clientFinal(text);
        });
    }
}
