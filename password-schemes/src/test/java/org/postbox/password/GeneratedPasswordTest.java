package org.postbox.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratedPasswordTest {

    @Test
    void twentyCharactersWithoutLookAlikesInGroupsOfFour() {
        GeneratedPassword generated = GeneratedPassword.create();

        assertThat(generated.password()).matches("[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){4}");
        assertThat(GeneratedPassword.ALPHABET).hasSize(32).doesNotContain("0", "1", "l", "o");
        assertThat(GeneratedPassword.ALPHABET.chars().distinct().count()).isEqualTo(32);
    }

    @Test
    void theHashIsASaltedSha512ThatVerifiesOnlyThePassword() {
        GeneratedPassword generated = GeneratedPassword.create();

        assertThat(generated.hash()).startsWith("{SSHA512}");
        byte[] raw = Base64.getDecoder().decode(generated.hash().substring("{SSHA512}".length()));
        assertThat(raw).hasSize(64 + 16);
        assertThat(PasswordSchemes.verify(generated.hash(), generated.password())).isTrue();
        assertThat(PasswordSchemes.verify(generated.hash(), generated.password().replace("-", ""))).isFalse();
        assertThat(PasswordSchemes.verify(generated.hash(), generated.password().toUpperCase(java.util.Locale.ROOT)))
                .isFalse();
    }

    @Test
    void everyPasswordAndEverySaltIsNew() {
        Set<String> passwords = new HashSet<>();
        Set<String> salts = new HashSet<>();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            GeneratedPassword generated = GeneratedPassword.create();
            passwords.add(generated.password());
            byte[] raw = Base64.getDecoder().decode(generated.hash().substring("{SSHA512}".length()));
            salts.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(raw, 64, raw.length)));
            generated.password().replace("-", "").chars().forEach(c -> seen.add((char) c));
        }

        assertThat(passwords).hasSize(2000);
        assertThat(salts).hasSize(2000);
        // 40000 draws from 32 characters: a character that never came up would mean a skewed draw.
        assertThat(seen).hasSize(32);
    }

    /** Written exactly as Dovecot writes {SSHA512}: the known answer re-encoded with its own salt. */
    @Test
    void theEncodingIsDovecots() {
        String dovecot = "CBcoVO22UoWo0e1xIcUkxcOvOUb9x3ddI3ox0cK2UhBAoz+IsDN33mYc1IzAGP5PNFgro4zOyb+RFzujr20lXfyJWC8=";
        byte[] raw = Base64.getDecoder().decode(dovecot);
        byte[] salt = Arrays.copyOfRange(raw, 64, raw.length);

        String encoded = new DigestScheme("SHA-512", true).encode("secret".getBytes(StandardCharsets.UTF_8), salt);

        assertThat(encoded).isEqualTo(dovecot);
    }

    @Test
    void neitherTheSecretNorTheHashIsPrinted() {
        GeneratedPassword generated = GeneratedPassword.create();

        assertThat(generated.toString()).doesNotContain(generated.password()).doesNotContain(generated.hash());
    }
}
