package org.postbox.session;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * IP addresses as RFC 5952 says to write them, the form Dovecot logs and fail2ban and people
 * expect: {@code ::1}, {@code 2001:db8::7}, not Java's {@code 0:0:0:0:0:0:0:1}. Lower-case hex
 * without leading zeros; the longest run of two or more zero groups becomes {@code ::}, the first
 * such run when two are equally long (section 4.2); an IPv4-mapped address ends in dotted
 * decimal ({@code ::ffff:192.0.2.1}, section 5). A zone id (scope) is left out: it is no part of
 * the address a client is known by.
 */
public final class Rfc5952 {

    private Rfc5952() {
    }

    /** {@code address} in its canonical text form. */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] octets = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (octets[2 * i] & 0xff) << 8 | octets[2 * i + 1] & 0xff;
        }
        if (isIpv4Mapped(groups)) {
            return "::ffff:" + (octets[12] & 0xff) + "." + (octets[13] & 0xff) + "." + (octets[14] & 0xff) + "."
                    + (octets[15] & 0xff);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            // Strictly longer: of two equally long runs the first is shortened (section 4.2.3).
            if (end - i > runLength) {
                runStart = i;
                runLength = end - i;
            }
            i = end;
        }
        if (runLength < 2) {
            // A single zero group is written as 0, never as :: (section 4.2.2).
            runStart = -1;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /**
     * A socket address as {@code 192.0.2.1:110}, or {@code [2001:db8::1]:110} for IPv6 (section
     * 6), so that the port cannot be read as part of the address; an unresolved one by its name.
     */
    public static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        String host = format(ip);
        return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }
}
