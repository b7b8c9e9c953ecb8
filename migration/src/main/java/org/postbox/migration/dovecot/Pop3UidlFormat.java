package org.postbox.migration.dovecot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Dovecot's {@code pop3_uidl_format}: a {@link VariableTemplate} with {@code %v} (or
 * {@code %{uidvalidity}}) the mailbox's UIDVALIDITY, {@code %u} ({@code %{uid}}) the message's
 * UID, {@code %m} ({@code %{md5}}) its {@link HeaderMd5 header MD5}, {@code %f}
 * ({@code %{filename}}) its base file name and {@code %g} ({@code %{guid}}) its GUID, which on
 * Maildir is the uidlist's {@code G} extension or else the base file name. Dovecot's default,
 * {@code %08Xu%08Xv}, is the UID and the UIDVALIDITY as eight lower-case hex digits each.
 */
public final class Pop3UidlFormat {

    /** Dovecot's default since 1.1. */
    public static final String DEFAULT = "%08Xu%08Xv";

    public static final VariableTemplate.Variable UIDVALIDITY = new VariableTemplate.Variable('v', "uidvalidity");
    public static final VariableTemplate.Variable UID = new VariableTemplate.Variable('u', "uid");
    public static final VariableTemplate.Variable MD5 = new VariableTemplate.Variable('m', "md5");
    public static final VariableTemplate.Variable FILENAME = new VariableTemplate.Variable('f', "filename");
    public static final VariableTemplate.Variable GUID = new VariableTemplate.Variable('g', "guid");
    private static final List<VariableTemplate.Variable> VARIABLES = List.of(UIDVALIDITY, UID, MD5, FILENAME, GUID);

    private final VariableTemplate template;

    private Pop3UidlFormat(VariableTemplate template) {
        this.template = template;
    }

    /**
     * @throws IllegalArgumentException when the format uses a variable or syntax that is not understood
     */
    public static Pop3UidlFormat parse(String format) {
        if (format.isEmpty()) {
            throw new IllegalArgumentException("the POP3 UIDL format is empty");
        }
        return new Pop3UidlFormat(VariableTemplate.parse(format, VARIABLES));
    }

    /** Whether expanding needs the message's header ({@code %m}). */
    public boolean readsMessage() {
        return template.uses(MD5);
    }

    /**
     * The UIDL of a message by this format.
     *
     * @param uidValidity the uidlist's UIDVALIDITY
     * @param record      the message's uidlist record
     * @param message     its file, read only for {@code %m}
     * @param md5Variant  how {@code %m} is computed
     * @throws IOException when {@code %m} is used and the file cannot be read
     */
    public String expand(long uidValidity, UidlistRecord record, Path message, HeaderMd5.Variant md5Variant)
            throws IOException {
        Objects.requireNonNull(record, "record");
        return template.expand(variable -> {
            if (variable.equals(UIDVALIDITY)) {
                return Long.toString(uidValidity);
            } else if (variable.equals(UID)) {
                return Long.toString(record.uid());
            } else if (variable.equals(MD5)) {
                return HeaderMd5.of(message, md5Variant);
            } else if (variable.equals(FILENAME)) {
                return record.baseName();
            } else {
                return record.guid().orElse(record.baseName());
            }
        });
    }

    @Override
    public String toString() {
        return template.template();
    }
}
