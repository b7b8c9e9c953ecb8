package org.postbox.lmtp.session;

import java.util.EnumSet;
import java.util.Set;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.session.command.CommandTable;

/**
 * LMTP's command table: every command of RFC 2033 that Postbox implements, the phases it is valid
 * in and its handler, so the whole command sequence is on this screen:
 *
 * <pre>
 * GREETED --LHLO--> READY --MAIL--> MAIL --RCPT accepted--> RECIPIENTS --DATA--> RECEIVING
 * RECEIVING --end of message--> READY;  RSET, LHLO --> READY
 * </pre>
 *
 * No command is valid in RECEIVING: the decoder reads the message then, not commands.
 */
final class LmtpCommandTable {

    private static final Set<Phase> COMMANDS = EnumSet.complementOf(EnumSet.of(Phase.RECEIVING));
    private static final Set<Phase> READY = EnumSet.of(Phase.READY);
    private static final Set<Phase> IN_TRANSACTION = EnumSet.of(Phase.MAIL, Phase.RECIPIENTS);
    private static final Set<Phase> RECIPIENTS = EnumSet.of(Phase.RECIPIENTS);

    private LmtpCommandTable() {
    }

    static CommandTable<LmtpCommand, Phase, LmtpSession, LmtpReply> standard(LmtpSettings settings, RecipientPolicy policy,
            OutcomeReplies replies) {
        return CommandTable.<LmtpCommand, Phase, LmtpSession, LmtpReply>builder()
                .row(LmtpCommand.Lhlo.class, COMMANDS,       new LhloCommand(settings.hostname(), settings.maxMessageSize()))
                .row(LmtpCommand.Mail.class, READY,          new MailCommand(settings.maxMessageSize(), replies))
                .row(LmtpCommand.Rcpt.class, IN_TRANSACTION, new RcptCommand(policy, replies, settings.maxRecipients()))
                // The decoder holds what follows DATA until the session has answered it: message or commands.
                .row(LmtpCommand.Data.class, RECIPIENTS,     new DataCommand(settings.spoolDirectory())).decidesReading()
                .row(LmtpCommand.Rset.class, COMMANDS,       new RsetCommand())
                .row(LmtpCommand.Noop.class, COMMANDS,       new NoopCommand())
                .row(LmtpCommand.Vrfy.class, COMMANDS,       new VrfyCommand())
                .row(LmtpCommand.Quit.class, COMMANDS,       new QuitCommand(settings.hostname()))
                .build();
    }
}
