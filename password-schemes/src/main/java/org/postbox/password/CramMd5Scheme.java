package org.postbox.password;

import java.security.MessageDigest;

/** {@code CRAM-MD5}: Dovecot's 32-octet HMAC-MD5 context (see {@link CramMd5}), hex by default. */
final class CramMd5Scheme implements Scheme {

    @Override
    public Encoding defaultEncoding() {
        return Encoding.HEX;
    }

    @Override
    public int fixedRawLength() {
        return CramMd5.CONTEXT_LENGTH;
    }

    @Override
    public StoredPassword parse(String name, byte[] raw) {
        if (raw.length != CramMd5.CONTEXT_LENGTH) {
            throw new UnsupportedSchemeException(name + ": the stored value has " + raw.length + " octets; expected "
                    + CramMd5.CONTEXT_LENGTH);
        }
        byte[] stored = raw.clone();
        return password -> MessageDigest.isEqual(stored, CramMd5.context(password));
    }
}
