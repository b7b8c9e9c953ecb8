package org.postbox.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes on the command line: a whole number of octets, optionally with a binary unit: {@code K}
 * (1024), {@code M}, {@code G}, {@code T}, in either case and optionally followed by {@code B}
 * or {@code iB} ({@code 512K}, {@code 1G}, {@code 2GiB}, {@code 100MB}: every unit is binary).
 * {@code 0} means unlimited.
 */
final class OctetSize implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(?:([KMGT])(?:I?B)?|B)?");

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        Matcher matcher = SIZE.matcher(value.strip().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size: use octets, or a number with K, M, G "
                    + "or T (binary: 1K = 1024), e.g. 500M; 0 for unlimited");
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
            throw new TypeConversionException("'" + value + "' is too large");
        }
    }

    /** For people: {@code unlimited}, or binary units with one decimal. */
    static String format(long octets) {
        return octets == 0 ? "unlimited" : TextTable.octets(octets);
    }
}
