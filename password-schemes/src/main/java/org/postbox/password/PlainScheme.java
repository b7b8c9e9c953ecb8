package org.postbox.password;

import java.security.MessageDigest;

/** {@code PLAIN} / {@code CLEAR}: the password itself. */
final class PlainScheme implements Scheme {

    @Override
    public Encoding defaultEncoding() {
        return Encoding.NONE;
    }

    @Override
    public StoredPassword parse(String name, byte[] raw) {
        // Comparing fixed-length digests keeps the comparison time independent of both the
        // position of the first difference and the stored password's length.
        byte[] expected = DigestScheme.sha256(raw);
        return password -> MessageDigest.isEqual(expected, DigestScheme.sha256(password));
    }
}
