package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.session.EndReason;

/** {@code QUIT}: says goodbye; the connection closes once the reply is sent. */
final class QuitCommand implements CommandHandler<LmtpCommand.Quit> {

    private final LmtpReply reply;

    QuitCommand(String hostname) {
        this.reply = LmtpReply.of(221, "2.0.0", hostname + " closing connection");
    }

    @Override
    public LmtpReply reply(LmtpCommand.Quit command, LmtpSession session) {
        session.requestClose(EndReason.QUIT);
        return reply;
    }
}
