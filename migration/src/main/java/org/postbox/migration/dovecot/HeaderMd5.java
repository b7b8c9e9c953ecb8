package org.postbox.migration.dovecot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.postbox.migration.HeaderLine;
import org.postbox.migration.HeaderSection;

/**
 * The {@code %m} of Dovecot's {@code pop3_uidl_format}: an MD5 over some header values of the
 * message, in lower-case hex. Dovecot computes it only for mbox (its Maildir storage answers UIDL
 * with an error for {@code %m}); this computes, from a message file, what Dovecot's mbox storage
 * computed for the same message, with either {@code mbox_md5} setting:
 * <ul>
 *   <li>{@link Variant#APOP3D} (Dovecot's default): the values, in the order of the header, of
 *       every {@code Delivered-To} and {@code X-Delivery-ID} field; of every line of the first
 *       {@code Received} field; and of {@code Date} and {@code Message-ID} fields that come before
 *       the end of the first {@code Received} field.</li>
 *   <li>{@link Variant#ALL}: the values of all fields except the ones Dovecot keeps its mbox state
 *       in ({@code Content-Length}, {@code Status}, {@code X-IMAP}, {@code X-IMAPbase},
 *       {@code X-Keywords}, {@code X-Status}, {@code X-UID}).</li>
 * </ul>
 * A value is what Dovecot's header parser gives for each physical line (see {@link HeaderLine}):
 * after the colon less one space or tab on a field's first line, the whole line on continuation
 * lines, never the line end; values are hashed as they are, without separators. Field names are
 * compared without regard to case. Lines longer than Dovecot's read buffer, which Dovecot cuts
 * into pieces, are hashed whole here.
 */
public final class HeaderMd5 {

    /** Dovecot's {@code mbox_md5} setting. */
    public enum Variant {
        APOP3D,
        ALL
    }

    private static final Set<String> MBOX_STATE_FIELDS = Set.of("content-length", "status", "x-imap", "x-imapbase",
            "x-keywords", "x-status", "x-uid");

    private HeaderMd5() {
    }

    /** The header MD5 of the message in {@code file}, as lower-case hex. */
    public static String of(Path file, Variant variant) throws IOException {
        MessageDigest md5 = md5();
        boolean[] seenReceived = {false};
        HeaderSection.read(file, line -> {
            String name = line.name().toLowerCase(Locale.ROOT);
            boolean hashed = switch (variant) {
                case ALL -> !MBOX_STATE_FIELDS.contains(name);
                case APOP3D -> switch (name) {
                    case "delivered-to", "x-delivery-id" -> true;
                    case "date", "message-id" -> !seenReceived[0];
                    case "received" -> {
                        boolean first = !seenReceived[0];
                        if (first && !line.continues()) {
                            seenReceived[0] = true;
                        }
                        yield first;
                    }
                    default -> false;
                };
            };
            if (hashed) {
                md5.update(line.value().getBytes(StandardCharsets.ISO_8859_1));
            }
            return true;
        });
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
