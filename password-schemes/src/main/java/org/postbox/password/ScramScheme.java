package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code SCRAM-SHA-256}: Dovecot's {@code iterations,salt,StoredKey,ServerKey} (see
 * {@link ScramCredential}). A plaintext login is checked by deriving the StoredKey of the
 * candidate password with the stored salt and count.
 */
final class ScramScheme implements Scheme {

    @Override
    public boolean deliberatelySlow() {
        return true;
    }

    @Override
    public Encoding defaultEncoding() {
        return Encoding.NONE;
    }

    @Override
    public StoredPassword parse(String name, byte[] raw) {
        ScramCredential credential = credential(name, new String(raw, StandardCharsets.UTF_8));
        return password -> credential.matches(new String(password, StandardCharsets.UTF_8));
    }

    static ScramCredential credential(String name, String text) {
        String[] fields = text.split(",", -1);
        if (fields.length != 4) {
            throw new UnsupportedSchemeException(name + ": expected iterations,salt,StoredKey,ServerKey");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(fields[0]);
        } catch (NumberFormatException e) {
            throw new UnsupportedSchemeException(name + ": the iteration count is not a number");
        }
        if (iterations < 1 || iterations > ScramCredential.MAX_ITERATIONS) {
            throw new UnsupportedSchemeException(name + ": the iteration count must be from 1 to " + ScramCredential.MAX_ITERATIONS);
        }
        byte[] salt = base64(name, "salt", fields[1]);
        byte[] storedKey = base64(name, "StoredKey", fields[2]);
        byte[] serverKey = base64(name, "ServerKey", fields[3]);
        if (salt.length == 0) {
            throw new UnsupportedSchemeException(name + ": the salt is empty");
        }
        if (storedKey.length != ScramCredential.KEY_LENGTH || serverKey.length != ScramCredential.KEY_LENGTH) {
            throw new UnsupportedSchemeException(name + ": StoredKey and ServerKey must be 32 octets each");
        }
        return new ScramCredential(iterations, salt, storedKey, serverKey);
    }

    private static byte[] base64(String name, String field, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedSchemeException(name + ": the " + field + " is not valid base64");
        }
    }
}
