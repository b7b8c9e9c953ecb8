package org.postbox.migration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code X-UIDL:} header that some POP3 servers (qpopper) write into messages and that
 * Dovecot serves as the UIDL with {@code pop3_reuse_xuidl = yes}: the first such field of the
 * header section (the name in any case), unfolded, without white space around it. Only the
 * header section is read.
 */
public final class XUidlHeader {

    private static final String FIELD = "X-UIDL";

    private XUidlHeader() {
    }

    /**
     * The message's X-UIDL: empty when it has none, otherwise {@link UidlOutcome.Valid} or
     * {@link UidlOutcome.Invalid} with the reason (a folded or over-long value, a space in it).
     *
     * @throws IOException when the message cannot be read
     */
    public static Optional<UidlOutcome> read(Path message) throws IOException {
        StringBuilder value = new StringBuilder();
        int[] lines = {0};
        HeaderSection.read(message, line -> {
            if (lines[0] > 0 && !line.continued()) {
                return false; // the first X-UIDL field has ended
            }
            if (lines[0] > 0 || (!line.continued() && line.isField(FIELD))) {
                value.append(line.value());
                lines[0]++;
            }
            return true;
        });
        if (lines[0] == 0) {
            return Optional.empty();
        }
        String uidl = value.toString().strip();
        UidlOutcome outcome = UidlOutcome.of(uidl);
        if (outcome instanceof UidlOutcome.Invalid invalid && lines[0] > 1) {
            outcome = new UidlOutcome.Invalid(uidl, invalid.reason() + " (the X-UIDL header is folded over "
                    + lines[0] + " lines)");
        }
        return Optional.of(outcome);
    }
}
