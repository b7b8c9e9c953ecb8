package org.postbox.admin;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as operators write them, on the command line and in provisioning files: a whole number of
 * octets, optionally with a binary unit: {@code K} (1024), {@code M}, {@code G}, {@code T}, in
 * either case and optionally followed by {@code B} or {@code iB} ({@code 512K}, {@code 1G},
 * {@code 2GiB}, {@code 100MB}: every unit is binary). {@code 0} means unlimited.
 */
public final class Octets {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(?:([KMGT])(?:I?B)?|B)?");

    private Octets() {
    }

    /** @throws AdminException of kind {@link ErrorKind#INVALID} saying what is wrong */
    public static long parse(String value) {
        Matcher matcher = SIZE.matcher(value.strip().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new AdminException(ErrorKind.INVALID, "'" + value + "' is not a size: use octets, or a number with "
                    + "K, M, G or T (binary: 1K = 1024), e.g. 500M; 0 for unlimited");
        }
        try {
            long number = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2);
            int shift = unit == null ? 0 : 10 * ("KMGT".indexOf(unit) + 1);
            if (shift > 0 && number > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new AdminException(ErrorKind.INVALID, "'" + value + "' is too large");
        }
    }

    /** Octets in binary units with one decimal, e.g. {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}. */
    public static String format(long octets) {
        if (octets < 1024) {
            return octets + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = octets;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A limit for people: {@code unlimited} for 0, else as {@link #format}. */
    public static String formatLimit(long octets) {
        return octets == 0 ? "unlimited" : format(octets);
    }
}
