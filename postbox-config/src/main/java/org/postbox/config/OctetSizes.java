package org.postbox.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes in octets as the file writes them: {@code 1048576}, {@code 512K}, {@code 50M}, {@code 2G} (powers of 1024). */
final class OctetSizes {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*([KMG]?)B?");

    private OctetSizes() {
    }

    static long parse(String key, String text) {
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(key, "'" + text + "' is not a size; write a number of octets, optionally"
                    + " followed by K, M or G (1024, 1024², 1024³), e.g. 50M");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException tooLarge) {
            throw new ConfigException(key, "'" + text + "' is too large");
        }
    }

    static long parse(ConfigNode n, String key, long defaultValue, long min, long max) {
        long size = n.optionalString(key).map(text -> parse(n.keyPath(key), text)).orElse(defaultValue);
        if (size < min || size > max) {
            throw new ConfigException(n.keyPath(key), size + " octets is out of range; use a size from " + min
                    + " to " + max + " octets");
        }
        return size;
    }
}
