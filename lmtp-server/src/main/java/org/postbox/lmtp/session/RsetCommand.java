package org.postbox.lmtp.session;

import java.util.EnumSet;
import java.util.Set;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/** {@code RSET}: discards the transaction, keeps the LHLO (RFC 5321 section 4.1.1.5). */
final class RsetCommand implements CommandHandler<LmtpCommand.Rset> {

    private static final LmtpReply OK = LmtpReply.of(250, "2.0.0", "OK");

    @Override
    public Set<Phase> validIn() {
        return EnumSet.complementOf(EnumSet.of(Phase.RECEIVING));
    }

    @Override
    public LmtpReply handle(LmtpCommand.Rset command, LmtpSession session) {
        session.discardTransaction();
        return OK;
    }
}
