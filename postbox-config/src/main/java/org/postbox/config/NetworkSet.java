package org.postbox.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A set of IP networks in CIDR notation ({@code 127.0.0.0/8}, {@code ::1/128}, {@code 10.1.2.3}),
 * or {@code any}. IPv4-mapped IPv6 client addresses are matched as IPv4.
 */
public final class NetworkSet implements Predicate<InetAddress> {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<Network> networks;
    private final List<String> text;

    private NetworkSet(List<Network> networks, List<String> text) {
        this.networks = networks;
        this.text = text;
    }

    /** Parses each entry; an error names {@code key[i]} and the accepted forms. */
    public static NetworkSet parse(String key, List<String> entries) {
        List<Network> networks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            String entryKey = key + "[" + i + "]";
            if (entry.equalsIgnoreCase("any")) {
                networks.add(new Network(new byte[4], 0));
                networks.add(new Network(new byte[16], 0));
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = ipLiteral(entryKey, slash < 0 ? entry : entry.substring(0, slash),
                    "write an address with an optional /prefix (e.g. 127.0.0.0/8, ::1/128) or 'any'");
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new ConfigException(entryKey, "'" + entry + "' has an invalid prefix length; use 0 to " + address.length * 8);
                }
            }
            networks.add(new Network(address, bits));
        }
        return new NetworkSet(List.copyOf(networks), List.copyOf(entries));
    }

    /**
     * Parses an IPv4 or IPv6 literal without ever resolving a host name.
     *
     * @throws ConfigException naming {@code key} when {@code host} is not an IP literal
     */
    static byte[] ipLiteral(String key, String host, String hint) {
        if (!LITERAL.matcher(host).matches() || !(host.contains(".") || host.contains(":"))) {
            throw new ConfigException(key, "'" + host + "' is not an IP address; " + hint);
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(key, "'" + host + "' is not an IP address; " + hint);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSet other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public boolean test(InetAddress address) {
        byte[] bytes = unmapped(address.getAddress());
        for (Network n : networks) {
            if (n.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] unmapped(byte[] a) {
        if (a.length == 16 && new BigInteger(1, java.util.Arrays.copyOf(a, 10)).signum() == 0
                && a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
            return java.util.Arrays.copyOfRange(a, 12, 16);
        }
        return a;
    }

    @Override
    public String toString() {
        return String.join(", ", text);
    }
}
