package org.postbox.pop3.protocol.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the HAProxy PROXY protocol header, version 1 (text) or 2 (binary), from the first octets
 * of a connection. Pure: octets in, a {@link ProxyHeaderResult} out; never throws for any input,
 * never resolves a host name.
 *
 * <pre>
 *   "PROXY TCP4 203.0.113.7 192.0.2.1 40000 110\r\n" -> Complete[v1, 203.0.113.7:40000, 46 octets]
 *   "PROXY TCP4 203.0.1"                              -> Incomplete
 *   "USER alice\r\n"                                  -> Invalid
 *   0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A 21 11 00 0C ... -> Complete[v2, ...]
 * </pre>
 *
 * <p>Version 1 lines are at most {@value #MAX_V1_LENGTH} octets; version 2 headers, whose
 * type-length-value extensions are skipped, at most {@value #MAX_V2_LENGTH}. So a peer can make
 * a connection hold at most {@link #MAX_LENGTH} octets before it is told apart from garbage.
 */
public final class ProxyHeaderParser {

    /** The longest version 1 header, CRLF included, as the specification fixes it. */
    public static final int MAX_V1_LENGTH = 107;
    /** The longest version 2 header accepted (16 fixed octets, addresses and extensions). */
    public static final int MAX_V2_LENGTH = 4096;
    /** The most octets that can be needed to decide. */
    public static final int MAX_LENGTH = MAX_V2_LENGTH;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED = 16;

    private static final int COMMAND_LOCAL = 0x0;
    private static final int COMMAND_PROXY = 0x1;
    private static final int FAMILY_UNSPEC = 0x0;
    private static final int FAMILY_INET = 0x1;
    private static final int FAMILY_INET6 = 0x2;
    private static final int FAMILY_UNIX = 0x3;
    private static final int TRANSPORT_UNSPEC = 0x0;
    private static final int TRANSPORT_STREAM = 0x1;

    private ProxyHeaderParser() {
    }

    /** Reads the header at the start of {@code data[0..length)}. */
    public static ProxyHeaderResult parse(byte[] data, int length) {
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + data.length);
        }
        if (length == 0) {
            return new ProxyHeaderResult.Incomplete();
        }
        if (data[0] == V2_SIGNATURE[0]) {
            return startsLike(data, length, V2_SIGNATURE) ? version2(data, length)
                    : invalid("not a PROXY protocol header");
        }
        if (data[0] == V1_PREFIX[0]) {
            return startsLike(data, length, V1_PREFIX) ? version1(data, length)
                    : invalid("not a PROXY protocol header");
        }
        return invalid("not a PROXY protocol header");
    }

    /** Whether the octets so far agree with {@code expected} as far as both go. */
    private static boolean startsLike(byte[] data, int length, byte[] expected) {
        int n = Math.min(length, expected.length);
        for (int i = 0; i < n; i++) {
            if (data[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    // ---- version 1 -------------------------------------------------------------------------

    private static ProxyHeaderResult version1(byte[] data, int length) {
        int window = Math.min(length, MAX_V1_LENGTH);
        int lf = -1;
        for (int i = 0; i < window; i++) {
            if (data[i] == '\n') {
                lf = i;
                break;
            }
        }
        if (lf < 0) {
            return length >= MAX_V1_LENGTH ? invalid("version 1 header longer than " + MAX_V1_LENGTH + " octets")
                    : new ProxyHeaderResult.Incomplete();
        }
        if (lf == 0 || data[lf - 1] != '\r') {
            return invalid("version 1 header does not end with CRLF");
        }
        for (int i = 0; i < lf - 1; i++) {
            if (data[i] < 0x20 || data[i] > 0x7e) {
                return invalid("version 1 header holds a character that is not printable ASCII");
            }
        }
        String line = new String(data, V1_PREFIX.length, lf - 1 - V1_PREFIX.length, StandardCharsets.US_ASCII);
        String[] fields = line.split(" ", -1);
        int total = lf + 1;
        switch (fields[0]) {
            case "UNKNOWN":
                // The proxy could not tell; the rest of the line is to be ignored.
                return new ProxyHeaderResult.Complete(new ProxyHeader(1, Optional.empty(), Optional.empty()), total);
            case "TCP4":
            case "TCP6":
                return tcp(fields, total);
            default:
                return invalid("version 1 header names an unknown protocol");
        }
    }

    private static ProxyHeaderResult tcp(String[] fields, int total) {
        if (fields.length != 5) {
            return invalid("version 1 header needs source and destination addresses and ports");
        }
        boolean ipv4 = fields[0].equals("TCP4");
        Optional<InetAddress> source = ipv4 ? ipv4(fields[1]) : ipv6(fields[1]);
        Optional<InetAddress> destination = ipv4 ? ipv4(fields[2]) : ipv6(fields[2]);
        int sourcePort = port(fields[3]);
        int destinationPort = port(fields[4]);
        if (source.isEmpty() || destination.isEmpty()) {
            return invalid("version 1 header has an invalid " + (ipv4 ? "IPv4" : "IPv6") + " address");
        }
        if (sourcePort < 0 || destinationPort < 0) {
            return invalid("version 1 header has an invalid port");
        }
        return new ProxyHeaderResult.Complete(new ProxyHeader(1,
                Optional.of(new InetSocketAddress(source.get(), sourcePort)),
                Optional.of(new InetSocketAddress(destination.get(), destinationPort))), total);
    }

    /** Four decimal octets without leading zeros, as the specification writes them. */
    private static Optional<InetAddress> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = decimal(parts[i], 255);
            if (value < 0) {
                return Optional.empty();
            }
            octets[i] = (byte) value;
        }
        return address(octets);
    }

    /** An IPv6 literal; checked to be one before the JDK parses it, so no name is ever looked up. */
    private static Optional<InetAddress> ipv6(String text) {
        if (text.isEmpty() || text.length() > 45 || text.indexOf(':') < 0) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
            if (!allowed) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static int port(String text) {
        return decimal(text, 65_535);
    }

    /** A decimal from 0 to {@code max} without sign or leading zeros; -1 otherwise. */
    private static int decimal(String text, int max) {
        if (text.isEmpty() || text.length() > 5 || text.length() > 1 && text.charAt(0) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    // ---- version 2 -------------------------------------------------------------------------

    private static ProxyHeaderResult version2(byte[] data, int length) {
        if (length < V2_FIXED) {
            return new ProxyHeaderResult.Incomplete();
        }
        int versionAndCommand = data[12] & 0xff;
        if (versionAndCommand >> 4 != 2) {
            return invalid("version 2 signature with version " + (versionAndCommand >> 4));
        }
        int command = versionAndCommand & 0x0f;
        int family = (data[13] & 0xff) >> 4;
        int transport = data[13] & 0x0f;
        int rest = (data[14] & 0xff) << 8 | data[15] & 0xff;
        int total = V2_FIXED + rest;
        if (total > MAX_V2_LENGTH) {
            return invalid("version 2 header longer than " + MAX_V2_LENGTH + " octets");
        }
        if (length < total) {
            return new ProxyHeaderResult.Incomplete();
        }
        if (command == COMMAND_LOCAL) {
            // A health check by the proxy itself: the connection's own endpoints are the truth.
            return new ProxyHeaderResult.Complete(new ProxyHeader(2, Optional.empty(), Optional.empty()), total);
        }
        if (command != COMMAND_PROXY) {
            return invalid("version 2 header with unknown command " + command);
        }
        if (transport != TRANSPORT_UNSPEC && transport != TRANSPORT_STREAM) {
            return invalid("version 2 header for a transport other than a stream");
        }
        switch (family) {
            case FAMILY_UNSPEC:
            case FAMILY_UNIX:
                if (family == FAMILY_UNIX && rest < 216) {
                    return invalid("version 2 header too short for its UNIX addresses");
                }
                return new ProxyHeaderResult.Complete(new ProxyHeader(2, Optional.empty(), Optional.empty()), total);
            case FAMILY_INET:
                return inet(data, rest, 4, total);
            case FAMILY_INET6:
                return inet(data, rest, 16, total);
            default:
                return invalid("version 2 header with unknown address family " + family);
        }
    }

    private static ProxyHeaderResult inet(byte[] data, int rest, int addressLength, int total) {
        if (rest < 2 * addressLength + 4) {
            return invalid("version 2 header too short for its addresses");
        }
        int at = V2_FIXED;
        Optional<InetAddress> source = address(Arrays.copyOfRange(data, at, at + addressLength));
        Optional<InetAddress> destination = address(Arrays.copyOfRange(data, at + addressLength, at + 2 * addressLength));
        int ports = at + 2 * addressLength;
        int sourcePort = (data[ports] & 0xff) << 8 | data[ports + 1] & 0xff;
        int destinationPort = (data[ports + 2] & 0xff) << 8 | data[ports + 3] & 0xff;
        if (source.isEmpty() || destination.isEmpty()) {
            return invalid("version 2 header with an unusable address");
        }
        return new ProxyHeaderResult.Complete(new ProxyHeader(2,
                Optional.of(new InetSocketAddress(source.get(), sourcePort)),
                Optional.of(new InetSocketAddress(destination.get(), destinationPort))), total);
    }

    private static Optional<InetAddress> address(byte[] octets) {
        try {
            return Optional.of(InetAddress.getByAddress(octets));
        } catch (UnknownHostException impossible) {
            // Only thrown for a length other than 4 or 16.
            return Optional.empty();
        }
    }

    private static ProxyHeaderResult invalid(String reason) {
        return new ProxyHeaderResult.Invalid(reason);
    }
}
