package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/** {@code RSET}: discards the transaction, keeps the LHLO (RFC 5321 section 4.1.1.5). */
final class RsetCommand implements CommandHandler<LmtpCommand.Rset> {

    private static final LmtpReply OK = LmtpReply.of(250, "2.0.0", "OK");

    @Override
    public LmtpReply reply(LmtpCommand.Rset command, LmtpSession session) {
        session.discardTransaction();
        return OK;
    }
}
