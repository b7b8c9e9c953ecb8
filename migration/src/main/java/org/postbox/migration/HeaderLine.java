package org.postbox.migration;

import java.util.Objects;

/**
 * One physical line of a message's header section, split the way Dovecot's header parser splits
 * it, so that what is computed from headers (Dovecot's {@code %m} UIDL, X-UIDL) comes out as
 * Dovecot computed it. Text is ISO-8859-1, one char per octet, so that no octet is lost.
 *
 * @param name      the field name: before the first colon, without white space before the colon;
 *                  a line without a colon is all name. A continuation line carries its field's name.
 * @param value     for a field's first line, what follows the colon, less one space or tab if
 *                  one follows the colon; for a continuation line, the whole line with its
 *                  leading white space. Never the line end.
 * @param continued whether this line continues the previous one (it starts with a space or tab)
 * @param continues whether the next line continues this one
 */
public record HeaderLine(String name, String value, boolean continued, boolean continues) {

    public HeaderLine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this line belongs to a field named {@code fieldName} (compared without regard to case). */
    public boolean isField(String fieldName) {
        return name.equalsIgnoreCase(fieldName);
    }
}
