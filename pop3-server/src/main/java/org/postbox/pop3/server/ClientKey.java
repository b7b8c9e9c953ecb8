package org.postbox.pop3.server;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The unit in which per-client limits and penalties count: an IPv4 address, or an IPv6 /64. An
 * IPv6 user is usually given a whole /64, so counting single IPv6 addresses would let one client
 * dodge every limit by changing addresses. An IPv4-mapped IPv6 address counts as its IPv4 address.
 *
 * @param value a compact text form, e.g. {@code 203.0.113.7} or {@code 2001:db8:0:1::/64}
 */
public record ClientKey(String value) {

    public ClientKey {
        Objects.requireNonNull(value, "value");
    }

    public static ClientKey of(InetAddress address) {
        byte[] octets = address.getAddress();
        if (octets.length == 16 && isIpv4Mapped(octets)) {
            octets = Arrays.copyOfRange(octets, 12, 16);
        }
        if (octets.length == 4) {
            return new ClientKey((octets[0] & 0xff) + "." + (octets[1] & 0xff) + "." + (octets[2] & 0xff) + "."
                    + (octets[3] & 0xff));
        }
        StringBuilder prefix = new StringBuilder(24);
        for (int group = 0; group < 4; group++) {
            prefix.append(Integer.toHexString((octets[2 * group] & 0xff) << 8 | octets[2 * group + 1] & 0xff)).append(':');
        }
        return new ClientKey(prefix.append(":/64").toString());
    }

    private static boolean isIpv4Mapped(byte[] octets) {
        for (int i = 0; i < 10; i++) {
            if (octets[i] != 0) {
                return false;
            }
        }
        return octets[10] == (byte) 0xff && octets[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return value;
    }
}
