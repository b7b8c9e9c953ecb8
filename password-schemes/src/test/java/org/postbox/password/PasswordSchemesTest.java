package org.postbox.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordSchemesTest {

    private static final Pattern NEW_HASH = Pattern.compile(
            "\\{ARGON2ID\\}\\$argon2id\\$v=19\\$m=65536,t=3,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");

    /** Vectors written by doveadm and the Argon2 reference tool; see the comment at the top of the file. */
    static List<Arguments> knownAnswers() throws IOException {
        List<Arguments> vectors = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(PasswordSchemesTest.class.getResourceAsStream("known-answer-vectors.tsv"));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                vectors.add(Arguments.of(line.substring(tab + 1), line.substring(0, tab)));
            }
        }
        assertThat(vectors).hasSizeGreaterThan(60);
        return vectors;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownAnswers")
    void verifiesKnownAnswers(String stored, String password) {
        assertThat(PasswordSchemes.isSupported(stored)).isTrue();
        assertThat(PasswordSchemes.verify(stored, password)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownAnswers")
    void rejectsAWrongPassword(String stored, String password) {
        if (stored.startsWith("{ARGON2")) {
            return; // covered once below; each Argon2 check costs a fraction of a second
        }
        assertThat(PasswordSchemes.verify(stored, password + "x")).isFalse();
        assertThat(PasswordSchemes.verify(stored, password.toUpperCase(java.util.Locale.ROOT) + "!")).isFalse();
    }

    @Test
    void keyDerivationSchemesAreDeliberatelySlowAndDigestsAreNot() {
        assertThat(PasswordSchemes.isDeliberatelySlow("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA")).isTrue();
        assertThat(PasswordSchemes.isDeliberatelySlow("{SHA512-CRYPT}$6$salt$hash")).isTrue();
        assertThat(PasswordSchemes.isDeliberatelySlow(PasswordSchemes.hash("x", "SCRAM-SHA-256"))).isTrue();
        assertThat(PasswordSchemes.isDeliberatelySlow("{PLAIN}secret")).isFalse();
        assertThat(PasswordSchemes.isDeliberatelySlow(PasswordSchemes.hash("x", "CRAM-MD5"))).isFalse();
        assertThat(PasswordSchemes.isDeliberatelySlow("{NO-SUCH-SCHEME}x")).isFalse();
    }

    @Test
    void rejectsAWrongPasswordForArgon2() {
        assertThat(PasswordSchemes.verify(
                "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$SGcH9VglAdNvV1VPWNyxUg$RtXC02H1hefTM389oxGM+d6NQ965tFhU2x5BZl1uQzI",
                "Secret")).isFalse();
    }

    @Test
    void newHashesAreDovecotArgon2idWithAFreshSaltThatVerify() {
        String hash = PasswordSchemes.hash("pässwörd with spaces €");
        String again = PasswordSchemes.hash("pässwörd with spaces €");

        assertThat(hash).matches(NEW_HASH);
        assertThat(salt(hash)).isNotEqualTo(salt(again));
        assertThat(PasswordSchemes.isSupported(hash)).isTrue();
        assertThat(PasswordSchemes.verify(hash, "pässwörd with spaces €")).isTrue();
        assertThat(PasswordSchemes.verify(hash, "passwörd with spaces €")).isFalse();
    }

    private static String salt(String phc) {
        return phc.split("\\$")[4];
    }

    @Test
    void argon2WithoutVersionFieldMeansVersion16() {
        // PHC string rule; the same vector as the reference tool's v=16 line in the vectors file.
        assertThat(PasswordSchemes.verify(
                "{ARGON2I}$argon2i$m=32768,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$DxrtVKmVem8Dqn7Pnn6FZOx+P2lYNlStiE6GhRuSK8s",
                "secret")).isTrue();
    }

    @Test
    void bcryptAcceptsEveryOpenBsdVersionPrefix() {
        // For passwords under 72 octets $2a$, $2b$ and $2y$ compute the same hash, so doveadm's
        // $2y$ vector relabelled is a valid $2a$ and $2b$ vector.
        String y = "{BLF-CRYPT}$2y$05$0gy6A8n3WSCfsxRqA5TVquLBtqO0lv9z2/yq78zRQo6e6vGyQYQJC";
        assertThat(PasswordSchemes.verify(y.replace("$2y$", "$2a$"), "secret")).isTrue();
        assertThat(PasswordSchemes.verify(y.replace("$2y$", "$2b$"), "secret")).isTrue();
    }

    @Test
    void schemeNamesAndEncodingSuffixesAreCaseInsensitive() {
        assertThat(PasswordSchemes.verify("{sha256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=", "secret")).isTrue();
        assertThat(PasswordSchemes.verify("{Sha.hex}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4", "secret")).isTrue();
        assertThat(PasswordSchemes.verify("{cleartext}secret", "secret")).isTrue();
    }

    @Test
    void unsaltedDigestsAlsoAcceptBareHexOfTheRightLength() {
        // Dovecot does the same: a SHA256 value of 64 hex digits cannot be base64 of 32 octets.
        assertThat(PasswordSchemes.verify("{SHA256}2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b",
                "secret")).isTrue();
        assertThat(PasswordSchemes.verify("{SHA}E5E9FA1BA31ECD1AE84F75CAAA474F3A663F05F4", "secret")).isTrue();
    }

    @Test
    void plainTextComparesWholePasswords() {
        assertThat(PasswordSchemes.verify("{PLAIN}secret", "secre")).isFalse();
        assertThat(PasswordSchemes.verify("{PLAIN}secret", "secret ")).isFalse();
        assertThat(PasswordSchemes.verify("{PLAIN}secret", "")).isFalse();
        assertThat(PasswordSchemes.verify("{PLAIN}", "")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "secret",
            "$6$quZStZMwbJTRGidZ$yPup9mA2LD8Tp3BBUYXkp9AkwR0RgyimymgeN4tjOquzmjwLyKfBScgqa7kLJCwTu6SiAMF9cL0vFeFBIIvDM.",
            "{SHA512-CRYPT",
            ""})
    void refusesAValueWithoutScheme(String stored) {
        assertThatThrownBy(() -> PasswordSchemes.verify(stored, "secret"))
                .isInstanceOf(UnsupportedSchemeException.class)
                .hasMessage("the password hash has no {SCHEME} prefix");
        assertThat(PasswordSchemes.isSupported(stored)).isFalse();
    }

    @Test
    void refusesAnUnknownScheme() {
        assertThatThrownBy(() -> PasswordSchemes.verify("{MD4}8a9d093f14f8701df17732b2bb182c74", "secret"))
                .isInstanceOf(UnsupportedSchemeException.class)
                .hasMessage("unknown password scheme 'MD4'");
        assertThatThrownBy(() -> PasswordSchemes.verify("{SHA256.ROT13}abc", "secret"))
                .isInstanceOf(UnsupportedSchemeException.class)
                .hasMessageContaining("unknown encoding suffix")
                .hasMessageContaining("SHA256.ROT13");
        assertThat(PasswordSchemes.isSupported("{}secret")).isFalse();
    }

    static List<Arguments> malformed() {
        return List.of(
                Arguments.of("{ARGON2ID}$argon2i$v=19$m=32768,t=4,p=1$0jCUfGtC2AhSA5sE9+bqgA$jUyCBokS6EBhbJ46AP3HWrVPDXgMa3Ly+cVOfaeL/Uc",
                        "ARGON2ID: the PHC string names another algorithm"),
                Arguments.of("{ARGON2ID}$argon2id$v=19$t=3,m=65536,p=1$SGcH9VglAdNvV1VPWNyxUg$RtXC02H1hefTM389oxGM+d6NQ965tFhU2x5BZl1uQzI",
                        "ARGON2ID: expected the parameters m=<KiB>,t=<passes>,p=<lanes>"),
                Arguments.of("{ARGON2ID}$argon2id$v=19$m=99999999,t=3,p=1$SGcH9VglAdNvV1VPWNyxUg$RtXC02H1hefTM389oxGM+d6NQ965tFhU2x5BZl1uQzI",
                        "ARGON2ID: m=99999999 is outside 8..1048576"),
                Arguments.of("{ARGON2ID}$argon2id$v=18$m=65536,t=3,p=1$SGcH9VglAdNvV1VPWNyxUg$RtXC02H1hefTM389oxGM+d6NQ965tFhU2x5BZl1uQzI",
                        "ARGON2ID: unknown Argon2 version"),
                Arguments.of("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$SGcH9VglAdNvV1VPWNyxUg$RtXC02H1hefTM389oxGM+d6NQ965tFhU2x5BZl1uQz!",
                        "ARGON2ID: the hash is not unpadded base64"),
                Arguments.of("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$SGcH9Vgl$RtXC02H1hefTM389oxGM+d6NQ965tFhU2x5BZl1uQzI",
                        "ARGON2ID: the salt has 6 octets"),
                Arguments.of("{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$0jCUfGtC2AhSA5sE9+bqgA",
                        "ARGON2I: expected $argon2i$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>"),
                Arguments.of("{SHA512-CRYPT}$6$quZStZMwbJTRGidZ$yPup9mA2LD8Tp3BBUYXkp9AkwR0RgyimymgeN4tjOquzmjwLyKfBScgqa7kL",
                        "SHA512-CRYPT: expected $6$[rounds=N$]salt$hash"),
                Arguments.of("{SHA512-CRYPT}$5$YScljB8oC61/rTkz$HZyl0Zh7iDtawQwlAAaUU7zgfbJL4XrQEjy9SNyHLe4",
                        "SHA512-CRYPT: expected $6$"),
                Arguments.of("{SHA256-CRYPT}$5$rounds=999$YScljB8oC61/rTkz$HZyl0Zh7iDtawQwlAAaUU7zgfbJL4XrQEjy9SNyHLe4",
                        "SHA256-CRYPT: rounds=999 is outside 1000..1000000"),
                Arguments.of("{BLF-CRYPT}$2x$05$0gy6A8n3WSCfsxRqA5TVquLBtqO0lv9z2/yq78zRQo6e6vGyQYQJC",
                        "BLF-CRYPT: expected $2a$, $2b$ or $2y$"),
                Arguments.of("{BLF-CRYPT}$2y$03$0gy6A8n3WSCfsxRqA5TVquLBtqO0lv9z2/yq78zRQo6e6vGyQYQJC",
                        "BLF-CRYPT: cost 3 is outside 4..31"),
                Arguments.of("{MD5-CRYPT}$1$FDK5FVJW$bu/oRXoAxKqG/moXs6Fo",
                        "MD5-CRYPT: expected $1$salt$hash"),
                Arguments.of("{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unog==",
                        "SHA256: the stored value has 31 octets; expected 32"),
                Arguments.of("{SSHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
                        "SSHA: the stored value has 20 octets; expected more than 20"),
                Arguments.of("{SSHA512}not*base64",
                        "SSHA512: the stored value is not valid base64"),
                Arguments.of("{SHA.HEX}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05fg",
                        "SHA.HEX: the stored value is not valid hexadecimal"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void refusesAMalformedValueSayingWhatIsWrongButNotTheValue(String stored, String problem) {
        String value = stored.substring(stored.indexOf('}') + 1);

        assertThatThrownBy(() -> PasswordSchemes.verify(stored, "secret"))
                .isInstanceOf(UnsupportedSchemeException.class)
                .hasMessageStartingWith(problem)
                .message().doesNotContain(value);
        assertThat(PasswordSchemes.isSupported(stored)).isFalse();
    }
}
