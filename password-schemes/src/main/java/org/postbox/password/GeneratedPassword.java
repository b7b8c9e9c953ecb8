package org.postbox.password;

import java.security.SecureRandom;

/**
 * A password Postbox makes up for one client, such as an app password: 20 characters drawn with
 * {@link SecureRandom} from 32 lower-case letters and digits without look-alikes ({@code 0 o 1 l}),
 * in groups of four joined by hyphens for typing: {@code 7kx2-mpq9-...}. That is 100 bits of
 * entropy, beyond any guessing, so its hash is a fast salted {@code {SSHA512}}: a slow hash adds
 * nothing to such a secret, while every login with a plain password may check several of them.
 *
 * @param password the secret, to be shown to its owner once
 * @param hash     its {@code {SSHA512}} hash, to be stored
 */
public record GeneratedPassword(String password, String hash) {

    /** The characters a password is drawn from: a-z and 2-9 without l and o. */
    static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    /** Characters drawn, hyphens not counted. */
    static final int LENGTH = 20;
    static final int GROUP = 4;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh password and its hash. */
    public static GeneratedPassword create() {
        StringBuilder password = new StringBuilder(LENGTH + LENGTH / GROUP);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % GROUP == 0) {
                password.append('-');
            }
            // nextInt(bound) is uniform: no character is more likely than another.
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String secret = password.toString();
        return new GeneratedPassword(secret, PasswordSchemes.hashGenerated(secret));
    }

    @Override
    public String toString() {
        // Neither the secret nor its hash belongs in a log.
        return "GeneratedPassword[...]";
    }
}
