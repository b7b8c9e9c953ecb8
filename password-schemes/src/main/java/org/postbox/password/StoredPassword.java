package org.postbox.password;

/** A well-formed stored hash, ready to be checked against candidate passwords. */
@FunctionalInterface
interface StoredPassword {

    /** Whether {@code password} (UTF-8 octets) matches; timing does not depend on where a mismatch is. */
    boolean matches(byte[] password);
}
