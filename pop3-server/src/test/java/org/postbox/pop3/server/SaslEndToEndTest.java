package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.pop3.server.sasl.BearerTokenVerifier;
import org.postbox.pop3.server.sasl.SaslMechanisms;

/**
 * Every login mechanism over a real socket against a real listener and store: SCRAM-SHA-256 with
 * a real SCRAM client library (ongres scram-client), CRAM-MD5, APOP, OAUTHBEARER and XOAUTH2, and
 * UTF8 with SASLprep.
 */
class SaslEndToEndTest {

    private static final String ALICE = "alice@example.com";

    @TempDir
    Path temp;

    private final BearerTokenVerifier tokens = token -> token.equals("token-of-alice")
            ? new BearerTokenVerifier.Verdict.Valid(ALICE) : new BearerTokenVerifier.Verdict.Invalid("unknown");

    private int servers;

    private TestServer server(AccessPolicy access, String password) throws IOException {
        Path directory = java.nio.file.Files.createDirectories(temp.resolve("store-" + ++servers));
        TestServer server = TestServer.start(new MaildirStoreFixture(), directory, TestSettings.defaults().build(), access);
        // The passwd-file holds ASCII only; the authenticator, which is what is tested here, holds the real password.
        server.addMailbox(ALICE, "unused");
        server.authenticator().password(org.postbox.mailstore.MailboxAddress.parse(ALICE), password);
        return server;
    }

    /** What an operator whose mailboxes are stored for SCRAM configures: PLAIN, LOGIN and SCRAM-SHA-256. */
    private static AccessPolicy withScram() {
        return AccessPolicy.defaults().withMechanisms(SaslMechanisms.of(
                List.of("PLAIN", "LOGIN", "SCRAM-SHA-256"), Optional.empty()));
    }

    private AccessPolicy all() {
        return AccessPolicy.defaults().withMechanisms(SaslMechanisms.of(
                List.of("PLAIN", "LOGIN", "SCRAM-SHA-256", "CRAM-MD5", "OAUTHBEARER", "XOAUTH2"), Optional.of(tokens)));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    /** A SCRAM-SHA-256 login with the ongres client; the reply after the client's last line. */
    private static String scramLogin(Pop3TestClient client, String user, String password) throws Exception {
        ScramClient scram = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username(user)
                .password(password.toCharArray()).stringPreparation(StringPreparation.SASL_PREPARATION).build();
        client.send("AUTH SCRAM-SHA-256 " + b64(scram.clientFirstMessage().toString()));
        String serverFirst = client.readLine();
        assertThat(serverFirst).startsWith("+ ");
        scram.serverFirstMessage(unb64(serverFirst.substring(2)));
        client.send(b64(scram.clientFinalMessage().toString()));
        String serverFinal = client.readLine();
        if (!serverFinal.startsWith("+ ")) {
            return serverFinal;
        }
        // Throws unless the server proved that it knows the credential too.
        scram.serverFinalMessage(unb64(serverFinal.substring(2)));
        client.send("");
        return client.readLine();
    }

    @Test
    void scramWithARealClientLogsInAndRefusesAWrongPassword() throws Exception {
        try (TestServer server = server(withScram(), "pencil"); Pop3TestClient client = server.connect()) {
            client.readLine();
            client.send("CAPA");
            assertThat(client.readMultiline()).contains("SASL PLAIN LOGIN SCRAM-SHA-256");
            assertThat(scramLogin(client, ALICE, "pen")).isEqualTo("-ERR [AUTH] authentication failed");
            assertThat(scramLogin(client, ALICE, "pencil")).isEqualTo("+OK alice@example.com has 0 messages (0 octets)");
        }
    }

    @Test
    void scramPreparesTheClientsPasswordLikeTheServer() throws Exception {
        // The client prepares "I\u2168" (ROMAN NUMERAL NINE) to "IIX", as the stored credential was derived.
        try (TestServer server = server(withScram(), "IIX"); Pop3TestClient client = server.connect()) {
            client.readLine();
            assertThat(scramLogin(client, ALICE, "I\u2168")).startsWith("+OK");
        }
    }

    @Test
    void cramMd5IsOfferedOnlyWhenConfiguredAndWorksForPlaintextAccounts() throws Exception {
        try (TestServer server = server(all(), "tanstaaftanstaaf"); Pop3TestClient client = server.connect()) {
            client.readLine();
            client.send("AUTH CRAM-MD5 dGlt");
            assertThat(client.readLine()).isEqualTo("-ERR CRAM-MD5 does not take an initial response");
            client.send("AUTH CRAM-MD5");
            String challenge = client.readLine();
            assertThat(unb64(challenge.substring(2))).matches("<\\d+\\.\\d+@postbox>");
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII), "HmacMD5"));
            String digest = HexFormat.of().formatHex(mac.doFinal(Base64.getDecoder().decode(challenge.substring(2))));
            client.send(b64(ALICE + " " + digest));
            assertThat(client.readLine()).startsWith("+OK alice@example.com");
        }
        try (TestServer server = server(AccessPolicy.defaults(), "x"); Pop3TestClient client = server.connect()) {
            client.readLine();
            client.send("AUTH CRAM-MD5");
            assertThat(client.readLine()).isEqualTo("-ERR unsupported authentication mechanism; CAPA lists them");
        }
    }

    @Test
    void apopNeedsTheGreetingsTimestamp() throws Exception {
        try (TestServer server = server(AccessPolicy.defaults().withApop(true), "tanstaaf");
                Pop3TestClient client = server.connect()) {
            String greeting = client.readLine();
            Matcher stamp = Pattern.compile("\\+OK Postbox ready\\. (<\\d+\\.\\d+\\.\\d+@postbox>)").matcher(greeting);
            assertThat(stamp.matches()).as(greeting).isTrue();
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            client.send("APOP " + ALICE + " " + HexFormat.of().formatHex(md5.digest((stamp.group(1) + "wrong")
                    .getBytes(StandardCharsets.US_ASCII))));
            assertThat(client.readLine()).isEqualTo("-ERR [AUTH] authentication failed");
            client.send("APOP " + ALICE + " " + HexFormat.of().formatHex(md5.digest((stamp.group(1) + "tanstaaf")
                    .getBytes(StandardCharsets.US_ASCII))));
            assertThat(client.readLine()).startsWith("+OK alice@example.com");
        }
    }

    @Test
    void oauthBearerAndXoauth2() throws Exception {
        try (TestServer server = server(all(), "unused"); Pop3TestClient client = server.connect()) {
            client.readLine();
            client.send("AUTH OAUTHBEARER " + b64("n,a=" + ALICE + ",\u0001auth=Bearer stolen\u0001\u0001"));
            assertThat(unb64(client.readLine().substring(2))).isEqualTo("{\"status\":\"invalid_token\"}");
            client.send(Base64.getEncoder().encodeToString(new byte[] {1}));
            assertThat(client.readLine()).isEqualTo("-ERR [AUTH] authentication failed");
            client.send("AUTH XOAUTH2 " + b64("user=" + ALICE + "\u0001auth=Bearer token-of-alice\u0001\u0001"));
            assertThat(client.readLine()).startsWith("+OK alice@example.com");
        }
    }

    @Test
    void afterUtf8PasswordsAreComparedAsSaslprepPreparesThem() throws Exception {
        // U+00A0 NO-BREAK SPACE becomes a space, U+00AD SOFT HYPHEN disappears.
        try (TestServer server = server(AccessPolicy.defaults(), "grüße an alle"); Pop3TestClient client = server.connect()) {
            client.readLine();
            client.send("USER " + ALICE);
            client.readLine();
            client.send("PASS grü\u00adße\u00a0an alle");
            assertThat(client.readLine()).isEqualTo("-ERR [AUTH] authentication failed");
            client.send("UTF8");
            assertThat(client.readLine()).isEqualTo("+OK UTF8 enabled");
            client.send("AUTH PLAIN " + b64("\0" + ALICE + "\0grü\u00adße\u00a0an alle"));
            assertThat(client.readLine()).startsWith("+OK alice@example.com");
        }
    }
}
