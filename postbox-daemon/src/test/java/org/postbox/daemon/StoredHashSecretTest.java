package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.PasswordSchemes;
import org.postbox.pop3.server.sasl.ScramVerifier;
import org.slf4j.LoggerFactory;

/** What the challenge-response mechanisms get out of each stored form, with the RFCs' own examples. */
class StoredHashSecretTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    // RFC 2195 section 2
    private static final byte[] CRAM_CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRAM_DIGEST = HexFormat.of().parseHex("b913a602c7eda7a495b4e6e7334d3890");
    // RFC 1939 section 7
    private static final String APOP_TIMESTAMP = "<1896.697170952@dbc.mtview.ca.us>";
    private static final byte[] APOP_DIGEST = HexFormat.of().parseHex("c4c9334bac560ecc979e58001b3e22fb");

    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(StoredHashSecret.class);

    @BeforeEach
    void capture() {
        warnings.start();
        log.addAppender(warnings);
    }

    @AfterEach
    void release() {
        log.detachAppender(warnings);
    }

    private static StoredHashSecret stored(String hash) {
        return new StoredHashSecret(ALICE, hash);
    }

    @Test
    void scramComesFromAStoredVerifierOrAPlaintextAndFromNothingElse() {
        ScramVerifier expected = ScramVerifier.derive("pencil", SALT, 4096);
        assertThat(stored("{PLAIN}pencil").scramSha256(SALT)).contains(expected);

        String scram = PasswordSchemes.hash("pencil", "SCRAM-SHA-256");
        ScramVerifier fromStore = stored(scram).scramSha256(SALT).orElseThrow();
        assertThat(fromStore.iterations()).isEqualTo(4096);
        assertThat(fromStore.salt()).isNotEqualTo(SALT);
        assertThat(fromStore).isEqualTo(ScramVerifier.derive("pencil", fromStore.salt(), 4096));

        assertThat(stored(PasswordSchemes.hash("pencil", "ARGON2ID")).scramSha256(SALT)).isEmpty();
        assertThat(warnings.list).isEmpty();
    }

    @Test
    void cramMd5ChecksTheRfc2195AnswerFromAPlaintextOrAStoredContext() {
        assertThat(stored("{PLAIN}tanstaaftanstaaf").cramMd5Verifies(CRAM_CHALLENGE, CRAM_DIGEST)).isTrue();
        assertThat(stored(PasswordSchemes.hash("tanstaaftanstaaf", "CRAM-MD5")).cramMd5Verifies(CRAM_CHALLENGE, CRAM_DIGEST))
                .isTrue();
        assertThat(stored("{PLAIN}tanstaaf").cramMd5Verifies(CRAM_CHALLENGE, CRAM_DIGEST)).isFalse();
        assertThat(stored(PasswordSchemes.hash("tanstaaftanstaaf", "ARGON2ID")).cramMd5Verifies(CRAM_CHALLENGE, CRAM_DIGEST))
                .isFalse();
    }

    @Test
    void apopChecksTheRfc1939DigestOfAPlaintextOnly() {
        assertThat(stored("{PLAIN}tanstaaf").apopVerifies(APOP_TIMESTAMP, APOP_DIGEST)).isTrue();
        assertThat(stored("{PLAIN}tanstaaf").apopVerifies("<1897.697170952@dbc.mtview.ca.us>", APOP_DIGEST)).isFalse();
        assertThat(stored(PasswordSchemes.hash("tanstaaf", "SCRAM-SHA-256")).apopVerifies(APOP_TIMESTAMP, APOP_DIGEST))
                .isFalse();
    }

    @Test
    void aMalformedStoredValueFailsAndIsLoggedWithoutTheValue() {
        StoredHashSecret broken = stored("{CRAM-MD5}0123");
        assertThat(broken.cramMd5Verifies(CRAM_CHALLENGE, CRAM_DIGEST)).isFalse();
        assertThat(stored("{SCRAM-SHA-256}not,a,verifier").scramSha256(SALT)).isEmpty();
        assertThat(stored("{NO-SUCH-SCHEME}x").apopVerifies(APOP_TIMESTAMP, APOP_DIGEST)).isFalse();
        assertThat(warnings.list).hasSize(3).allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).startsWith("cannot use the stored password of alice@example.com for ");
            assertThat(event.getFormattedMessage()).doesNotContain("0123", "not,a,verifier");
        });
        assertThat(broken.toString()).doesNotContain("0123");
    }
}
