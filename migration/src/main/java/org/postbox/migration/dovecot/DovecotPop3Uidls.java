package org.postbox.migration.dovecot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import org.postbox.migration.UidlOutcome;
import org.postbox.migration.XUidlHeader;

/**
 * The POP3 UIDLs and message order a Dovecot Maildir served, worked out the way Dovecot 2.3's
 * POP3 server does (pop3-commands.c, maildir-mail.c):
 * <ol>
 *   <li>a message's own UIDL in its uidlist record ({@code P}) wins, an empty one meaning its base
 *       file name (what {@code pop3_save_uidl} stores when the format gave the file name);</li>
 *   <li>otherwise, with {@code pop3_reuse_xuidl = yes}, its first {@code X-UIDL:} header;</li>
 *   <li>otherwise the {@link Pop3UidlFormat}.</li>
 * </ol>
 * Dovecot's {@code pop3_uidl_duplicates = rename}, which adds {@code -2}, {@code -3}, ... to
 * repeated UIDLs within a session, is not applied: UIDLs are worked out one message at a time.
 *
 * @param format     the installation's {@code pop3_uidl_format}
 * @param reuseXUidl its {@code pop3_reuse_xuidl}
 * @param md5Variant its {@code mbox_md5}, for {@code %m}
 */
public record DovecotPop3Uidls(Pop3UidlFormat format, boolean reuseXUidl, HeaderMd5.Variant md5Variant) {

    /**
     * Dovecot's POP3 message order: messages with a POP3 order ({@code O}) first, by that order,
     * then the others; by UID within each.
     */
    public static final Comparator<UidlistRecord> POP3_ORDER = Comparator
            .comparing((UidlistRecord r) -> r.pop3Order().isEmpty())
            .thenComparingLong(r -> r.pop3Order().orElse(0))
            .thenComparingLong(UidlistRecord::uid);

    public DovecotPop3Uidls {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(md5Variant, "md5Variant");
    }

    /** Dovecot's defaults: {@link Pop3UidlFormat#DEFAULT}, no X-UIDL reuse, {@code mbox_md5 = apop3d}. */
    public static DovecotPop3Uidls defaults() {
        return new DovecotPop3Uidls(Pop3UidlFormat.parse(Pop3UidlFormat.DEFAULT), false, HeaderMd5.Variant.APOP3D);
    }

    /**
     * The UIDL Dovecot sent for the message of {@code record}, whose file is {@code message}
     * (read only for X-UIDL or {@code %m}); {@link UidlOutcome.Unavailable} when the file is
     * needed and cannot be read.
     */
    public UidlOutcome uidl(UidlistHeader header, UidlistRecord record, Path message) {
        if (record.pop3Uidl().isPresent()) {
            String stored = record.pop3Uidl().get();
            return UidlOutcome.of(stored.isEmpty() ? record.baseName() : stored);
        }
        try {
            if (reuseXUidl) {
                Optional<UidlOutcome> xUidl = XUidlHeader.read(message);
                if (xUidl.isPresent()) {
                    return xUidl.get();
                }
            }
            return UidlOutcome.of(format.expand(header.uidValidity(), record, message, md5Variant));
        } catch (IOException e) {
            return new UidlOutcome.Unavailable("cannot read " + message + ": " + e.getMessage());
        }
    }
}
