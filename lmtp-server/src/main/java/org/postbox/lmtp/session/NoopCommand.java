package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/** {@code NOOP}: valid at any time, changes nothing. */
final class NoopCommand implements CommandHandler<LmtpCommand.Noop> {

    private static final LmtpReply OK = LmtpReply.of(250, "2.0.0", "OK");

    @Override
    public LmtpReply reply(LmtpCommand.Noop command, LmtpSession session) {
        return OK;
    }
}
