package org.postbox.cli.transfer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.postbox.migration.UidlOutcome;

/**
 * The UIDL a message is imported with. The old server's UIDL is kept whenever Postbox can send it
 * (RFC 1939: 1 to 70 characters from 0x21 to 0x7E) and no earlier message of the mailbox has it;
 * otherwise the message gets a {@link #replacement} UIDL, and when clients may have seen the old
 * one they will fetch it once more.
 */
public sealed interface UidlChoice {

    /** The UIDL to import the message with. */
    String uidl();

    /** The old server's UIDL, kept. */
    record Kept(String uidl) implements UidlChoice {
        public Kept {
            Objects.requireNonNull(uidl, "uidl");
        }
    }

    /**
     * A new UIDL.
     *
     * @param reason    why the old one cannot be kept
     * @param refetched whether clients may have seen the old one and so will fetch the message again
     */
    record Replaced(String uidl, String reason, boolean refetched) implements UidlChoice {
        public Replaced {
            Objects.requireNonNull(uidl, "uidl");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Chooses the UIDL of {@code message}; {@code taken} holds the UIDLs chosen for the messages
     * before it in the mailbox and gets this one.
     */
    static UidlChoice of(SourceMessage message, Set<String> taken) {
        UidlOutcome outcome = message.uidl();
        UidlChoice choice;
        if (outcome instanceof UidlOutcome.Valid valid) {
            choice = taken.contains(valid.uidl())
                    ? new Replaced(replacement(message.baseName(), taken),
                            "an earlier message has the same UIDL " + valid.uidl(), message.listed())
                    : new Kept(valid.uidl());
        } else if (outcome instanceof UidlOutcome.Invalid invalid) {
            choice = new Replaced(replacement(message.baseName(), taken), "the old server sent "
                    + printable(invalid.uidl()) + ", which Postbox cannot send: " + invalid.reason(), message.listed());
        } else {
            choice = new Replaced(replacement(message.baseName(), taken),
                    ((UidlOutcome.Unavailable) outcome).reason(), message.listed());
        }
        taken.add(choice.uidl());
        return choice;
    }

    /**
     * A new UIDL for the message file with base name {@code baseName}: {@code pbx} and 32 hex
     * digits of the SHA-256 of the name. It depends on nothing but the name, so that running the
     * import again chooses the same one and finds the message already there.
     */
    static String replacement(String baseName, Set<String> taken) {
        String candidate = "pbx" + hex(baseName);
        for (int i = 2; taken.contains(candidate); i++) {
            candidate = "pbx" + hex(baseName) + "-" + i;
        }
        return candidate;
    }

    private static String hex(String baseName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(baseName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The old UIDL for the report: control characters made visible, cut short when long. */
    private static String printable(String uidl) {
        StringBuilder out = new StringBuilder("'");
        String shown = uidl.length() > 100 ? uidl.substring(0, 100) + "..." : uidl;
        for (char c : shown.toCharArray()) {
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
