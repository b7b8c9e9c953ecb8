package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/**
 * {@code VRFY}: never confirms or denies an address, which would let anyone harvest mailbox
 * names; {@code 252} is the answer RFC 5321 section 3.5.3 gives for that.
 */
final class VrfyCommand implements CommandHandler<LmtpCommand.Vrfy> {

    private static final LmtpReply CANNOT_VERIFY =
            LmtpReply.of(252, "2.5.0", "cannot VRFY user, but will accept message and attempt delivery");

    @Override
    public LmtpReply reply(LmtpCommand.Vrfy command, LmtpSession session) {
        return CANNOT_VERIFY;
    }
}
