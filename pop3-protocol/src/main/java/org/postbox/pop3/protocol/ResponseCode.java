package org.postbox.pop3.protocol;

/** Extended response codes (RFC 2449 section 8, RFC 3206), sent in brackets after {@code -ERR}. */
public enum ResponseCode {
    /** The maildrop is locked by another session (RFC 2449). */
    IN_USE("IN-USE"),
    /** The user must wait longer between logins (RFC 2449). */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** A temporary system problem; retrying later may work (RFC 3206). */
    SYS_TEMP("SYS/TEMP"),
    /** A permanent system problem (RFC 3206). */
    SYS_PERM("SYS/PERM"),
    /** The credentials are wrong or not acceptable (RFC 3206). */
    AUTH("AUTH");

    private final String wire;

    ResponseCode(String wire) {
        this.wire = wire;
    }

    /** The code as written between the brackets, e.g. {@code SYS/TEMP}. */
    public String wire() {
        return wire;
    }
}
