package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.postbox.password.PasswordSchemes;

class SourcePasswordTest {

    // doveadm pw -s MD5-CRYPT -p secret; -s SHA256-CRYPT; -s BLF-CRYPT; -s SHA -p secret
    private static final String MD5_CRYPT = "$1$B8P2l5br$cpxuvQ28nJB8Oq1maEbgd.";
    private static final String SHA256_CRYPT = "$5$DgAJYAa2sP.GwIJN$P5wnAjCb23isRwVykUgktfRisJHnSDJfcXKXhr52TyC";
    private static final String BLF_CRYPT = "$2y$05$7cPQxw57.XJwDvbRlYl0V.nSTiTMYXNMEidy4XNuyV6CKuDavb5RS";
    private static final String SHA = "5en6G6MezRroT3XKqkdPOmY/BfQ=";

    @Test
    void dovecotHashesWithASchemePostboxVerifiesAreKeptAsTheyAre() {
        assertThat(SourcePassword.fromDovecot("{SHA}" + SHA, "CRYPT", false))
                .isEqualTo(new SourcePassword.Usable("{SHA}" + SHA, ""));
        assertThat(SourcePassword.fromDovecot("{blf-crypt}" + BLF_CRYPT, "CRYPT", false))
                .isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> verifies(usable, "secret"));
    }

    @Test
    void bareCryptValuesGetTheSchemeTheirPrefixNames() {
        assertThat(SourcePassword.fromDovecot(MD5_CRYPT, "CRYPT", false)).isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> {
            assertThat(usable.stored()).isEqualTo("{MD5-CRYPT}" + MD5_CRYPT);
            assertThat(usable.note()).isEqualTo("no {SCHEME} prefix; the passwd-file's default scheme CRYPT applies;"
                    + " crypt(3) value recognised as MD5-CRYPT");
            verifies(usable, "secret");
        });
        assertThat(SourcePassword.fromDovecot("{CRYPT}" + SHA256_CRYPT, "CRYPT", false))
                .isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> verifies(usable, "secret"));
        // Dovecot's MD5 scheme is MD5-crypt
        assertThat(SourcePassword.fromDovecot("{MD5}" + MD5_CRYPT, "CRYPT", false))
                .isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> verifies(usable, "secret"));
        assertThat(SourcePassword.fromDovecot(MD5_CRYPT + "[34]", "CRYPT", false))
                .isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> verifies(usable, "secret"));
        // a default scheme other than CRYPT
        assertThat(SourcePassword.fromDovecot(SHA, "sha", false)).isEqualTo(new SourcePassword.Usable("{SHA}" + SHA,
                "no {SCHEME} prefix; the passwd-file's default scheme SHA applies"));
    }

    @Test
    void whatCannotBeVerifiedSaysWhyWithoutTheHash() {
        assertThat(SourcePassword.fromDovecot("ShGgmGEzKTEag", "CRYPT", false))
                .isEqualTo(new SourcePassword.Unusable("a traditional DES crypt(3) hash, which Postbox does not verify"));
        assertThat(SourcePassword.fromDovecot("$y$j9T$abc$def", "CRYPT", false)).isInstanceOf(SourcePassword.Unusable.class);
        assertThat(SourcePassword.fromDovecot("{PLAIN-MD5}5ebe2294ecd0e0f08eab7690d2a6ee69", "CRYPT", false))
                .isInstanceOfSatisfying(SourcePassword.Unusable.class,
                        unusable -> assertThat(unusable.reason()).contains("PLAIN-MD5").doesNotContain("5ebe"));
        assertThat(SourcePassword.fromDovecot("{SHA512-CRYPT}$6$broken", "CRYPT", false)).isInstanceOf(SourcePassword.Unusable.class);
    }

    @Test
    void lockedMissingAndAnyPassword() {
        assertThat(SourcePassword.fromDovecot("*", "CRYPT", false)).isInstanceOf(SourcePassword.Locked.class);
        assertThat(SourcePassword.fromDovecot("!" + MD5_CRYPT, "CRYPT", false)).isInstanceOf(SourcePassword.Locked.class);
        assertThat(SourcePassword.fromDovecot("*LOCKED*", "CRYPT", false)).isInstanceOf(SourcePassword.Locked.class);
        assertThat(SourcePassword.fromDovecot("", "CRYPT", false)).isEqualTo(new SourcePassword.Missing());
        assertThat(SourcePassword.fromDovecot("{PLAIN}x", "CRYPT", true)).isEqualTo(new SourcePassword.AnyPassword());
    }

    @Test
    void courierSchemesAreReadAsCourierMeansThem() {
        assertThat(SourcePassword.fromCourier(MD5_CRYPT)).isInstanceOfSatisfying(SourcePassword.Usable.class,
                usable -> verifies(usable, "secret"));
        assertThat(SourcePassword.fromCourier("{SHA}" + SHA)).isEqualTo(new SourcePassword.Usable("{SHA}" + SHA, ""));
        assertThat(SourcePassword.fromCourier("{CRYPT}" + MD5_CRYPT)).isInstanceOf(SourcePassword.Usable.class);
        // Courier's {MD5} is a plain digest, not Dovecot's MD5-crypt
        assertThat(SourcePassword.fromCourier("{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==")).isEqualTo(new SourcePassword.Unusable(
                "Courier's {MD5} is a plain MD5 digest, which Postbox does not verify"));
        assertThat(SourcePassword.fromCourier("{HMAC-MD5}abc")).isInstanceOf(SourcePassword.Unusable.class);
        assertThat(SourcePassword.fromCourier("")).isEqualTo(new SourcePassword.Missing());
        assertThat(SourcePassword.fromCourier("!x")).isInstanceOf(SourcePassword.Locked.class);
    }

    private static void verifies(SourcePassword.Usable usable, String password) {
        assertThat(PasswordSchemes.verify(usable.stored(), password)).as(usable.stored()).isTrue();
        assertThat(PasswordSchemes.verify(usable.stored(), password + "x")).isFalse();
    }
}
