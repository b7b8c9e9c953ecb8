package org.postbox.pop3.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.PasswordSchemes;
import org.postbox.password.ScramCredential;

/** The mechanisms against a {@link FakeSaslContext}: message flows, and what they ask of the session. */
class MechanismsTest {

    private static final MailboxAddress USER = MailboxAddress.parse("user@example.com");
    private final FakeSaslContext context = new FakeSaslContext();

    private static SaslStep step(java.util.concurrent.CompletionStage<SaslStep> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return new String(((SaslStep.Challenge) step).data(), StandardCharsets.UTF_8);
    }

    // ---- SCRAM-SHA-256, RFC 7677 section 3 ---------------------------------------------------

    private static final String RFC_SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    private SaslExchange rfc7677Exchange() {
        String stored = "{SCRAM-SHA-256}4096," + RFC_SALT + ","
                + b64(ScramCredential.derive("pencil", Base64.getDecoder().decode(RFC_SALT), 4096).storedKey()) + ","
                + b64(ScramCredential.derive("pencil", Base64.getDecoder().decode(RFC_SALT), 4096).serverKey());
        context.store("user@example.com", stored);
        return new ScramSha256Mechanism(() -> RFC_SERVER_NONCE).start(context);
    }

    @Test
    void scramFollowsTheRfc7677Example() throws Exception {
        SaslExchange exchange = rfc7677Exchange();
        String serverFirst = text(step(exchange.respond(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))));
        assertThat(serverFirst).isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

        String serverFinal = text(step(exchange.respond(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))));
        assertThat(serverFinal).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(step(exchange.respond(new byte[0]))).isEqualTo(new SaslStep.Authenticated(USER));
        assertThat(context.calls).containsExactly("lookUp user@example.com", "conclude user@example.com true SCRAM-SHA-256");
    }

    @Test
    void aWrongScramProofFailsAndIsConcluded() throws Exception {
        SaslExchange exchange = rfc7677Exchange();
        step(exchange.respond(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")));
        SaslStep last = step(exchange.respond(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVA=")));
        assertThat(last).isEqualTo(SaslStep.Failed.wrongCredentials());
        assertThat(context.calls).contains("conclude user@example.com false SCRAM-SHA-256");
    }

    @Test
    void scramRefusesANonceThatIsNotTheOneAgreedAndChannelBinding() throws Exception {
        SaslExchange exchange = rfc7677Exchange();
        step(exchange.respond(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")));
        assertThat(step(exchange.respond(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqOforged,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))))
                .isInstanceOf(SaslStep.Failed.class);
        assertThat(step(rfc7677Exchange().respond(bytes("p=tls-unique,,n=user,r=abc")))).isInstanceOf(SaslStep.Failed.class);
        assertThat(step(rfc7677Exchange().respond(bytes("n,a=other,n=user,r=abc"))))
                .isEqualTo(SaslStep.Failed.protocol("logging in as another user is not supported"));
    }

    @Test
    void unknownUsersGetASteadyMadeUpSaltAndAnAccountWithAnotherSchemeLooksTheSame() throws Exception {
        ScramSha256Mechanism mechanism = new ScramSha256Mechanism(() -> "server");
        context.store("argon@example.com", PasswordSchemes.hash("x", "CRAM-MD5"));
        String first = text(step(mechanism.start(context).respond(bytes("n,,n=ghost,r=abc"))));
        String again = text(step(mechanism.start(context).respond(bytes("n,,n=ghost,r=abc"))));
        String other = text(step(mechanism.start(context).respond(bytes("n,,n=argon,r=abc"))));
        assertThat(first).isEqualTo(again).matches("r=abcserver,s=[A-Za-z0-9+/]{22}==,i=4096");
        assertThat(other).matches("r=abcserver,s=[A-Za-z0-9+/]{22}==,i=4096").isNotEqualTo(first);
    }

    @Test
    void scramWorksForAPlaintextAccountWithAStableSalt() throws Exception {
        context.store("user@example.com", "{PLAIN}pencil");
        ScramSha256Mechanism mechanism = new ScramSha256Mechanism(() -> "s");
        String one = text(step(mechanism.start(context).respond(bytes("n,,n=user,r=a"))));
        String two = text(step(mechanism.start(context).respond(bytes("n,,n=user,r=a"))));
        assertThat(one).isEqualTo(two);
    }

    // ---- PLAIN and LOGIN ---------------------------------------------------------------------

    @Test
    void plainChecksThePasswordUnderTheAuthenticationIdentity() throws Exception {
        context.store("alice@example.com", "{PLAIN}secret");
        SaslExchange exchange = new PlainMechanism().start(context);
        assertThat(step(exchange.respond(bytes("alice@example.com\0alice\0secret"))))
                .isEqualTo(new SaslStep.Authenticated(MailboxAddress.parse("alice@example.com")));
        assertThat(context.calls).containsExactly("check alice@example.com PLAIN");
    }

    @Test
    void plainRefusesMalformedMessages() throws Exception {
        for (String message : new String[] {"", "alice\0secret", "\0\0secret", "\0alice\0", "\0a\0b\0c",
                "\0" + "a".repeat(256) + "\0x"}) {
            assertThat(step(new PlainMechanism().start(context).respond(bytes(message)))).as(message.replace('\0', '|'))
                    .isEqualTo(SaslStep.Failed.protocol("malformed PLAIN response"));
        }
        assertThat(step(new PlainMechanism().start(context).respond(new byte[] {0, 'a', 0, (byte) 0xc3})))
                .isEqualTo(SaslStep.Failed.protocol("malformed PLAIN response"));
        assertThat(context.calls).isEmpty();
    }

    @Test
    void loginAsksForNameThenPassword() throws Exception {
        context.store("alice@example.com", "{PLAIN}secret");
        SaslExchange exchange = new LoginMechanism().start(context);
        assertThat(text(exchange.begin())).isEqualTo("Username:");
        assertThat(text(step(exchange.respond(bytes("alice"))))).isEqualTo("Password:");
        assertThat(step(exchange.respond(bytes("secret")))).isInstanceOf(SaslStep.Authenticated.class);
    }

    // ---- CRAM-MD5 ---------------------------------------------------------------------------

    @Test
    void cramMd5AnswersItsOwnChallenge() throws Exception {
        context.store("tim@example.com", PasswordSchemes.hash("tanstaaftanstaaf", "CRAM-MD5"));
        SaslExchange exchange = new CramMd5Mechanism().start(context);
        assertThat(exchange.acceptsInitialResponse()).isFalse();
        byte[] challenge = ((SaslStep.Challenge) exchange.begin()).data();
        assertThat(new String(challenge, StandardCharsets.US_ASCII)).matches("<\\d+\\.\\d+@postbox>");
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(bytes("tanstaaftanstaaf"), "HmacMD5"));
        String answer = "tim " + HexFormat.of().formatHex(mac.doFinal(challenge));
        assertThat(step(exchange.respond(bytes(answer))))
                .isEqualTo(new SaslStep.Authenticated(MailboxAddress.parse("tim@example.com")));

        SaslExchange another = new CramMd5Mechanism().start(context);
        another.begin();
        assertThat(step(another.respond(bytes(answer)))).isEqualTo(SaslStep.Failed.wrongCredentials());
    }

    // ---- bearer tokens ----------------------------------------------------------------------

    private final BearerTokenVerifier verifier = token -> token.equals("good-for-alice")
            ? new BearerTokenVerifier.Verdict.Valid("alice@example.com")
            : new BearerTokenVerifier.Verdict.Invalid("unknown token");

    @Test
    void oauthBearerLogsInWithAValidTokenForAnExistingMailbox() throws Exception {
        context.store("alice@example.com", "{ARGON2ID}not-needed");
        SaslExchange exchange = BearerTokenMechanism.oauthBearer(verifier).start(context);
        SaslStep step = step(exchange.respond(bytes("n,a=alice@example.com,\u0001host=mail.example.com\u0001port=110"
                + "\u0001auth=Bearer good-for-alice\u0001\u0001")));
        assertThat(step).isEqualTo(new SaslStep.Authenticated(MailboxAddress.parse("alice@example.com")));
    }

    @Test
    void aRefusedBearerTokenGetsTheErrorJsonThenFails() throws Exception {
        SaslExchange exchange = BearerTokenMechanism.oauthBearer(verifier).start(context);
        assertThat(text(step(exchange.respond(bytes("n,,\u0001auth=Bearer stolen\u0001\u0001")))))
                .isEqualTo("{\"status\":\"invalid_token\"}");
        assertThat(step(exchange.respond(new byte[] {1}))).isEqualTo(SaslStep.Failed.wrongCredentials());
        assertThat(context.calls).containsExactly("conclude - token=- false OAUTHBEARER");
    }

    @Test
    void aTokenForSomeoneElseOrAMissingMailboxIsRefused() throws Exception {
        SaslExchange other = BearerTokenMechanism.oauthBearer(verifier).start(context);
        assertThat(text(step(other.respond(bytes("n,a=bob@example.com,\u0001auth=Bearer good-for-alice\u0001\u0001")))))
                .contains("invalid_token");
        SaslExchange missing = BearerTokenMechanism.xoauth2(verifier).start(context);
        assertThat(text(step(missing.respond(bytes("user=alice@example.com\u0001auth=Bearer good-for-alice\u0001\u0001")))))
                .isEqualTo("{\"status\":\"401\",\"schemes\":\"bearer\"}");
        assertThat(step(missing.respond(new byte[0]))).isEqualTo(SaslStep.Failed.wrongCredentials());
    }

    /** Issue 16: the failure names the mailbox the client asked for, and the token's, not the token's alone. */
    @Test
    void aTokenForSomeoneElseIsConcludedWithBothNames() throws Exception {
        SaslExchange other = BearerTokenMechanism.xoauth2(verifier).start(context);
        step(other.respond(bytes("user=bob@example.com\u0001auth=Bearer good-for-alice\u0001\u0001")));
        assertThat(context.calls).containsExactly("conclude bob@example.com token=alice@example.com false XOAUTH2");
    }

    @Test
    void theRegistryBuildsWhatIsConfigured() {
        SaslMechanisms mechanisms = SaslMechanisms.of(List.of("PLAIN", "SCRAM-SHA-256", "XOAUTH2"), Optional.of(verifier));
        assertThat(mechanisms.all()).extracting(SaslMechanism::name).containsExactly("PLAIN", "SCRAM-SHA-256", "XOAUTH2");
        assertThat(mechanisms.named("XOAUTH2")).hasValueSatisfying(m -> assertThat(m.sendsReusableSecret()).isTrue());
        assertThat(mechanisms.named("SCRAM-SHA-256")).hasValueSatisfying(m -> assertThat(m.sendsReusableSecret()).isFalse());
        assertThat(mechanisms.named("LOGIN")).isEmpty();
    }

    private static String b64(byte[] octets) {
        return Base64.getEncoder().encodeToString(octets);
    }
}
