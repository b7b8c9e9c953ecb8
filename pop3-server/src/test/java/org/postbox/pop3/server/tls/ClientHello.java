package org.postbox.pop3.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * A minimal TLS ClientHello (RFC 5246 section 7.4.1.2) built octet by octet, so a test can offer
 * a protocol version the JDK's own client refuses to send (TLS 1.1), and the server's first
 * record read back raw. Only what a server needs to pick ECDHE with AES-GCM is included.
 */
final class ClientHello {

    /** TLS 1.1 and TLS 1.2 as written in {@code client_version}. */
    static final int TLS_1_1 = 0x0302;
    static final int TLS_1_2 = 0x0303;

    static final int CONTENT_ALERT = 21;
    static final int CONTENT_HANDSHAKE = 22;
    static final int HANDSHAKE_SERVER_HELLO = 2;
    static final int ALERT_PROTOCOL_VERSION = 70;
    static final int ALERT_HANDSHAKE_FAILURE = 40;

    private ClientHello() {
    }

    /** A ClientHello record offering {@code version} with ECDHE suites for ECDSA and RSA certificates. */
    static byte[] record(int version) {
        return record(version,
                0xC02B, 0xC02F, // ECDHE_ECDSA / ECDHE_RSA with AES_128_GCM_SHA256
                0xC009, 0xC013); // ECDHE_ECDSA / ECDHE_RSA with AES_128_CBC_SHA, which TLS 1.1 could use
    }

    /** A ClientHello record offering {@code version} and exactly {@code suites}, in that order. */
    static byte[] record(int version, int... suites) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        u16(body, suites.length * 2);
        for (int suite : suites) {
            u16(body, suite);
        }
        body.write(1); // one compression method:
        body.write(0); // null

        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000a, new int[] {0x0004, 0x001d, 0x0017}); // supported_groups: x25519, secp256r1
        extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00}); // ec_point_formats: uncompressed
        extension(extensions, 0x000d, new int[] {0x0006, 0x0403, 0x0804, 0x0401}); // signature_algorithms
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1); // client_hello
        u24(handshake, body.size());
        handshake.writeBytes(body.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(CONTENT_HANDSHAKE);
        u16(record, 0x0301); // record version as clients send it for compatibility
        u16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    /** The server's first record: content type, then (for the two kinds tests expect) its first body octets. */
    record Answer(int contentType, int first, int second) {
        boolean isServerHello() {
            return contentType == CONTENT_HANDSHAKE && first == HANDSHAKE_SERVER_HELLO;
        }

        boolean isProtocolVersionAlert() {
            return contentType == CONTENT_ALERT && second == ALERT_PROTOCOL_VERSION;
        }

        boolean isHandshakeFailureAlert() {
            return contentType == CONTENT_ALERT && second == ALERT_HANDSHAKE_FAILURE;
        }
    }

    /** Reads the header and first two body octets of the server's first record, or null at end of stream. */
    static Answer read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int type = data.read();
        if (type < 0) {
            return null;
        }
        data.readUnsignedShort(); // record version
        int length = data.readUnsignedShort();
        int first = length > 0 ? data.readUnsignedByte() : -1;
        int second = length > 1 ? data.readUnsignedByte() : -1;
        return new Answer(type, first, second);
    }

    /** An extension whose data is a u16 list length followed by u16 values; {@code values[0]} is that length. */
    private static void extension(ByteArrayOutputStream out, int type, int[] values) {
        u16(out, type);
        u16(out, values.length * 2);
        for (int value : values) {
            u16(out, value);
        }
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void u24(ByteArrayOutputStream out, int value) {
        out.write(value >>> 16);
        u16(out, value);
    }
}
