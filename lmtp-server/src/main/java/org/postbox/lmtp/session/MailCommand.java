package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/**
 * {@code MAIL FROM:<sender> [SIZE=n] [BODY=...]}: starts a transaction, unless the declared size
 * is already over the maximum (RFC 1870 section 6: {@code 552 5.3.4} at once, so that the MTA
 * does not send a message only to see it refused).
 */
final class MailCommand implements CommandHandler<LmtpCommand.Mail> {

    private static final LmtpReply OK = LmtpReply.of(250, "2.1.0", "OK");

    private final long maxMessageSize;
    private final OutcomeReplies replies;

    MailCommand(long maxMessageSize, OutcomeReplies replies) {
        this.maxMessageSize = maxMessageSize;
        this.replies = replies;
    }

    @Override
    public LmtpReply reply(LmtpCommand.Mail command, LmtpSession session) {
        if (command.declaredSize().isPresent() && command.declaredSize().getAsLong() > maxMessageSize) {
            return replies.messageTooLarge(null);
        }
        session.beginTransaction(new Transaction(command.sender(), command.declaredSize()));
        return OK;
    }
}
