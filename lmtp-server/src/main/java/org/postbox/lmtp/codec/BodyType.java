package org.postbox.lmtp.codec;

/** The {@code BODY=} parameter of MAIL FROM (RFC 6152). Either way the message is stored as sent. */
public enum BodyType {
    SEVEN_BIT("7BIT"),
    EIGHT_BIT_MIME("8BITMIME");

    private final String wire;

    BodyType(String wire) {
        this.wire = wire;
    }

    /** The value as written on the wire. */
    public String wire() {
        return wire;
    }
}
