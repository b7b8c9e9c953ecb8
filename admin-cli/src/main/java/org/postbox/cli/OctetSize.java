package org.postbox.cli;

import org.postbox.admin.AdminException;
import org.postbox.admin.Octets;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes on the command line, as {@link Octets#parse} reads them: {@code 512K}, {@code 1G},
 * {@code 2GiB} (every unit binary); {@code 0} means unlimited.
 */
final class OctetSize implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        try {
            return Octets.parse(value);
        } catch (AdminException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** For people: {@code unlimited}, or binary units with one decimal. */
    static String format(long octets) {
        return Octets.formatLimit(octets);
    }
}
