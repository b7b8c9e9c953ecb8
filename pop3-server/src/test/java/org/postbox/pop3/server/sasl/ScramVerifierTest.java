package org.postbox.pop3.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.postbox.password.ScramCredential;

/** The engine's own SCRAM math against RFC 7677's example and the password schemes' derivation. */
class ScramVerifierTest {

    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final byte[] AUTH_MESSAGE = ("n=user,r=rOprNGfwEbeRWgbNEkqO,"
            + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0").getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROOF = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");

    @Test
    void derivesWhatThePasswordSchemesStore() {
        ScramCredential stored = ScramCredential.derive("pencil", SALT, 4096);
        assertThat(ScramVerifier.derive("pencil", SALT, 4096))
                .isEqualTo(new ScramVerifier(stored.salt(), 4096, stored.storedKey(), stored.serverKey()));
        assertThat(ScramVerifier.derive("pencil", SALT, 4096)).isNotEqualTo(ScramVerifier.derive("pencil", SALT, 4097));
    }

    @Test
    void checksTheRfc7677ProofAndSignsLikeTheExample() {
        ScramVerifier verifier = ScramVerifier.derive("pencil", SALT, 4096);
        assertThat(verifier.verifies(AUTH_MESSAGE, PROOF)).isTrue();
        assertThat(Base64.getEncoder().encodeToString(verifier.serverSignature(AUTH_MESSAGE)))
                .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");

        byte[] tampered = PROOF.clone();
        tampered[31] ^= 1;
        assertThat(verifier.verifies(AUTH_MESSAGE, tampered)).isFalse();
        assertThat(verifier.verifies(AUTH_MESSAGE, new byte[16])).isFalse();
        assertThat(ScramVerifier.derive("pencil!", SALT, 4096).verifies(AUTH_MESSAGE, PROOF)).isFalse();
    }

    @Test
    void keepsItsOwnCopies() {
        byte[] salt = SALT.clone();
        ScramVerifier verifier = new ScramVerifier(salt, 4096, new byte[32], new byte[32]);
        salt[0] ^= 1;
        verifier.salt()[1] ^= 1;
        assertThat(verifier.salt()).isEqualTo(SALT);
        assertThat(verifier.toString()).doesNotContain("storedKey");
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> new ScramVerifier(SALT, 4096, new byte[31], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScramVerifier(new byte[0], 4096, new byte[32], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScramVerifier(SALT, 0, new byte[32], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
