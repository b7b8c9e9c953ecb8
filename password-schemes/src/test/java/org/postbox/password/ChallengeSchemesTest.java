package org.postbox.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256 (RFC 5802, RFC 7677) and CRAM-MD5 (RFC 2195) credentials, and their Dovecot forms. */
class ChallengeSchemesTest {

    // RFC 7677 section 3.
    private static final byte[] RFC7677_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String RFC7677_AUTH_MESSAGE = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
            + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String RFC7677_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String RFC7677_SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    @Test
    void scramMatchesTheRfc7677Example() {
        ScramCredential credential = ScramCredential.derive("pencil", RFC7677_SALT, 4096);
        byte[] authMessage = RFC7677_AUTH_MESSAGE.getBytes(StandardCharsets.UTF_8);

        assertThat(credential.verifies(authMessage, Base64.getDecoder().decode(RFC7677_PROOF))).isTrue();
        assertThat(Base64.getEncoder().encodeToString(credential.serverSignature(authMessage)))
                .isEqualTo(RFC7677_SERVER_SIGNATURE);
        byte[] wrong = Base64.getDecoder().decode(RFC7677_PROOF);
        wrong[0] ^= 1;
        assertThat(credential.verifies(authMessage, wrong)).isFalse();
        assertThat(credential.verifies(authMessage, new byte[31])).isFalse();
        byte[] notUtf8 = authMessage.clone();
        notUtf8[2] = (byte) 0xff;
        assertThat(credential.verifies(notUtf8, Base64.getDecoder().decode(RFC7677_PROOF))).isFalse();
    }

    @Test
    void scramStoredFormIsDovecotsAndReadsBack() {
        ScramCredential credential = ScramCredential.derive("pencil", RFC7677_SALT, 4096);
        String stored = credential.stored();
        assertThat(stored).matches("\\{SCRAM-SHA-256}4096,W22ZaJ0SNY7soEsUEjb6gQ==,[A-Za-z0-9+/]{43}=,[A-Za-z0-9+/]{43}=");

        assertThat(PasswordSchemes.verify(stored, "pencil")).isTrue();
        assertThat(PasswordSchemes.verify(stored, "pencil ")).isFalse();
        ScramCredential read = StoredCredentials.scramSha256(stored, new byte[16]).orElseThrow();
        assertThat(read.storedKey()).isEqualTo(credential.storedKey());
        assertThat(read.serverKey()).isEqualTo(credential.serverKey());
        assertThat(read.salt()).isEqualTo(RFC7677_SALT);
        assertThat(read.iterations()).isEqualTo(4096);
    }

    @Test
    void newScramHashesHaveAFreshSaltAndVerify() {
        String first = PasswordSchemes.hash("correct horse", "scram-sha-256");
        String second = PasswordSchemes.hash("correct horse", "SCRAM-SHA-256");
        assertThat(first).startsWith("{SCRAM-SHA-256}4096,").isNotEqualTo(second);
        assertThat(PasswordSchemes.verify(first, "correct horse")).isTrue();
        assertThat(PasswordSchemes.verify(second, "correct horse!")).isFalse();
    }

    @Test
    void scramPreparesPasswordsWithSaslprep() {
        // RFC 4013: U+00A0 NO-BREAK SPACE maps to a space, U+00AD SOFT HYPHEN to nothing,
        // U+2168 ROMAN NUMERAL NINE to "IX" (NFKC).
        String stored = PasswordSchemes.hash("my pass IX", "SCRAM-SHA-256");
        assertThat(PasswordSchemes.verify(stored, "my\u00a0pa\u00adss \u2168")).isTrue();
        assertThat(SaslPrep.prepare("user\u0007")).isEmpty();
        assertThat(SaslPrep.prepare("I\u00adX")).contains("IX");
        assertThat(SaslPrep.prepare("\u00ad\u200b")).contains("");
        assertThat(PasswordSchemes.verify(stored, "\u00ad")).isFalse();
    }

    @Test
    void scramDerivesNonAsciiPasswordsAsBefore() {
        // StoredKeys of the JDK-only derivation this replaced, which stored hashes were made with:
        // an emoji (unassigned in SASLprep's Unicode 3.2) beside a mapped space, a control
        // character SASLprep refuses (hashed as it is), and a ligature NFKC takes apart.
        assertThat(storedKey("\ud83d\ude00\u00a0x")).isEqualTo("F4/3bb0VTqlr/IJN4PVZy91EusG5wT3oBHmrAcZltfM=")
                .isEqualTo(storedKey("\ud83d\ude00 x"));
        assertThat(storedKey("bell\u0007")).isEqualTo("ZJmLa3fQxCjHhfAHbH114pITR/XsySpFIxDMjMR/HOE=");
        assertThat(storedKey("\u05d0a")).isEqualTo("fMD3YFi7Q7w0MIFGiBQrz/Ph6jpPpTV1+EiDCw+lN2s=");
        assertThat(storedKey("\ufb01\u00a0\u1e9b\u0323")).isEqualTo("riltMC2u/Bmn0QWs/Fmj94/45aobNKN4eMuSwOIA7h0=");
        assertThat(Base64.getEncoder().encodeToString(ScramCredential.derive("p\u00e4ss w\u00f6rd", RFC7677_SALT, 4096)
                .serverKey())).isEqualTo("m+lN1NLBG/aRqrl/ZP1ObmoYsf/T2/ld8Df5ksPd2F0=");
    }

    @Test
    void theLibrarysPreparationLeavesWhatSaslPrepGaveAsItIs() {
        // Planes 0, 1, 2 and 14 hold every code point Unicode 3.2 assigned; the others are left as
        // they are by both. The letter before each keeps a lone soft hyphen and the like from
        // leaving nothing, which the preparation library stumbles on.
        int changed = 0;
        StringBuilder examples = new StringBuilder();
        for (int plane : new int[] {0, 1, 2, 14}) {
            for (int codePoint = plane << 16; codePoint < (plane + 1) << 16; codePoint++) {
                if (Character.getType(codePoint) == Character.SURROGATE) {
                    continue;
                }
                String prepared = SaslPrep.forHashing("a" + Character.toString(codePoint));
                String again = new String(ScramCredential.PREPARED_ALREADY.normalize(prepared.toCharArray()));
                if (!again.equals(prepared) && changed++ < 5) {
                    examples.append(String.format(" U+%04X", codePoint));
                }
            }
        }
        assertThat(changed).as("changed at%s", examples).isZero();
    }

    @Test
    void scramHasNoCredentialOfAnEmptyPassword() {
        assertThatThrownBy(() -> ScramCredential.derive("", RFC7677_SALT, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordSchemes.hash("", "SCRAM-SHA-256")).isInstanceOf(IllegalArgumentException.class);
        String stored = PasswordSchemes.hash("pencil", "SCRAM-SHA-256");
        assertThat(PasswordSchemes.verify(stored, "")).isFalse();
        assertThat(StoredCredentials.scramSha256("{PLAIN}", RFC7677_SALT)).isEmpty();
    }

    @Test
    void scramFromAPlaintextIsDerivedWithTheGivenSalt() {
        ScramCredential derived = StoredCredentials.scramSha256("{PLAIN}pencil", RFC7677_SALT).orElseThrow();
        assertThat(derived.verifies(RFC7677_AUTH_MESSAGE.getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(RFC7677_PROOF))).isTrue();
        assertThat(StoredCredentials.scramSha256(PasswordSchemes.hash("x", "CRAM-MD5"), RFC7677_SALT)).isEmpty();
        assertThat(StoredCredentials.scramSha256("{SHA512-CRYPT}$6$abc$def", RFC7677_SALT)).isEmpty();
    }

    @Test
    void malformedScramValuesAreRefusedWithAReason() {
        for (String bad : new String[] {"{SCRAM-SHA-256}4096,c2FsdA==,AAAA", "{SCRAM-SHA-256}x,c2FsdA==,a,b",
                "{SCRAM-SHA-256}0,c2FsdA==," + key() + "," + key(), "{SCRAM-SHA-256}4096,,"
                + key() + "," + key(), "{SCRAM-SHA-256}4096,c2FsdA==,AAAA," + key(),
                "{SCRAM-SHA-256}99999999,c2FsdA==," + key() + "," + key()}) {
            assertThatThrownBy(() -> PasswordSchemes.verify(bad, "x")).as(bad)
                    .isInstanceOf(UnsupportedSchemeException.class).hasMessageStartingWith("SCRAM-SHA-256: ");
        }
    }

    @Test
    void cramMd5ContextGivesTheSameAnswerAsHmacMd5() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] password = new byte[random.nextInt(i % 10 == 0 ? 200 : 70)];
            random.nextBytes(password);
            byte[] challenge = ("<" + random.nextLong() + "." + i + "@postbox>").getBytes(StandardCharsets.US_ASCII);
            byte[] context = CramMd5.context(password);

            byte[] expected = hmacMd5(password, challenge);
            assertThat(CramMd5.response(context, challenge)).as("password of %d octets", password.length).isEqualTo(expected);
            assertThat(CramMd5.verifies(context, challenge, expected)).isTrue();
        }
    }

    @Test
    void cramMd5StoredFormIsDovecotsHexContext() throws Exception {
        String stored = PasswordSchemes.hash("tanstaaftanstaaf", "CRAM-MD5");
        assertThat(stored).matches("\\{CRAM-MD5}[0-9a-f]{64}");
        assertThat(PasswordSchemes.verify(stored, "tanstaaftanstaaf")).isTrue();
        assertThat(PasswordSchemes.verify(stored, "tanstaaf")).isFalse();

        // RFC 2195 section 2's example: user tim, password tanstaaftanstaaf.
        byte[] challenge = "<1896.697170952@postoffice.reston.mci.net>".getBytes(StandardCharsets.US_ASCII);
        StoredCredentials.CramMd5Secret secret = StoredCredentials.cramMd5(stored).orElseThrow();
        assertThat(secret.verifies(challenge, HexFormat.of().parseHex("b913a602c7eda7a495b4e6e7334d3890"))).isTrue();
        assertThat(StoredCredentials.cramMd5("{PLAIN}tanstaaftanstaaf").orElseThrow()
                .verifies(challenge, HexFormat.of().parseHex("b913a602c7eda7a495b4e6e7334d3890"))).isTrue();
        assertThat(StoredCredentials.cramMd5(PasswordSchemes.hash("tanstaaftanstaaf", "SCRAM-SHA-256"))).isEmpty();
        String base64 = "{CRAM-MD5.B64}" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(stored.substring(10)));
        assertThat(PasswordSchemes.verify(base64, "tanstaaftanstaaf")).isTrue();
    }

    @Test
    void plaintextOnlyFromPlainSchemes() {
        assertThat(StoredCredentials.plaintext("{PLAIN}secret")).contains("secret");
        assertThat(StoredCredentials.plaintext("{CLEAR.B64}" + Base64.getEncoder().encodeToString("s e".getBytes()))).contains("s e");
        assertThat(StoredCredentials.plaintext(PasswordSchemes.hash("secret", "CRAM-MD5"))).isEmpty();
        assertThatThrownBy(() -> StoredCredentials.plaintext("secret")).isInstanceOf(UnsupportedSchemeException.class);
    }

    @Test
    void onlyKnownSchemesCanBeWritten() {
        assertThatThrownBy(() -> PasswordSchemes.hash("x", "MD5")).isInstanceOf(UnsupportedSchemeException.class)
                .hasMessageContaining("ARGON2ID, SCRAM-SHA-256, CRAM-MD5");
    }

    private static String storedKey(String password) {
        return Base64.getEncoder().encodeToString(ScramCredential.derive(password, RFC7677_SALT, 4096).storedKey());
    }

    private static String key() {
        return Base64.getEncoder().encodeToString(new byte[32]);
    }

    private static byte[] hmacMd5(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        // SecretKeySpec refuses an empty key; HMAC defines it as 64 zero octets, the same thing.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[64] : key, "HmacMD5"));
        return mac.doFinal(data);
    }
}
