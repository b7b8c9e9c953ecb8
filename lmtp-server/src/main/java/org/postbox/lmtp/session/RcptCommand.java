package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/**
 * {@code RCPT TO:<recipient>}: asks the {@link RecipientPolicy} and adds the recipient if it is
 * accepted, up to the maximum per transaction ({@code 452 4.5.3} beyond it, RFC 5321 section
 * 4.5.3.1.10: the MTA sends those in a later transaction).
 */
final class RcptCommand implements CommandHandler<LmtpCommand.Rcpt> {

    private static final LmtpReply TOO_MANY = LmtpReply.of(452, "4.5.3", "too many recipients");

    private final RecipientPolicy policy;
    private final OutcomeReplies replies;
    private final int maxRecipients;

    RcptCommand(RecipientPolicy policy, OutcomeReplies replies, int maxRecipients) {
        this.policy = policy;
        this.replies = replies;
        this.maxRecipients = maxRecipients;
    }

    @Override
    public LmtpReply reply(LmtpCommand.Rcpt command, LmtpSession session) {
        Transaction transaction = session.transaction();
        if (transaction.recipients().size() >= maxRecipients) {
            return TOO_MANY;
        }
        RecipientVerdict verdict = policy.check(command.recipient(), transaction.declaredSize());
        if (verdict instanceof RecipientVerdict.Accepted accepted) {
            transaction.addRecipient(accepted.mailbox());
            session.phase(Phase.RECIPIENTS);
        }
        return replies.forRecipient(verdict, command.recipient());
    }
}
