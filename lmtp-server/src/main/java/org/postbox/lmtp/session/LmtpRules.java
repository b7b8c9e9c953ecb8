package org.postbox.lmtp.session;

import org.postbox.session.EndReason;
import org.postbox.lmtp.codec.InvalidCommand;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.session.command.Interpretation;
import org.postbox.session.command.ProtocolRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What LMTP tells the dispatch step: its syntax and sequence errors ({@code 503 5.5.1}) and its {@code 421} replies. */
final class LmtpRules implements ProtocolRules<LmtpInput, LmtpCommand, Phase, LmtpSession, LmtpReply> {

    private static final Logger LOG = LoggerFactory.getLogger(LmtpRules.class);

    /** Only command lines are dispatched; the message after DATA goes to {@link MessageDelivery}. */
    @Override
    public Interpretation<LmtpCommand, LmtpReply> interpret(LmtpInput input, LmtpSession session) {
        if (input instanceof InvalidCommand invalid) {
            return Interpretation.syntaxError(invalid.reply());
        }
        if (input instanceof LmtpCommand command) {
            return Interpretation.command(command);
        }
        throw new IllegalArgumentException("not a command line: " + input);
    }

    @Override
    public LmtpReply wrongState(LmtpCommand command, Phase phase, LmtpSession session) {
        return LmtpReply.of(503, "5.5.1", sequenceError(command, phase));
    }

    private static String sequenceError(LmtpCommand command, Phase phase) {
        if (phase == Phase.GREETED) {
            return "send LHLO first";
        }
        if (command instanceof LmtpCommand.Mail && (phase == Phase.MAIL || phase == Phase.RECIPIENTS)) {
            return "nested MAIL command";
        }
        if (phase == Phase.READY) {
            return "need MAIL command";
        }
        if (phase == Phase.MAIL) {
            return "no valid recipients";
        }
        return command.keyword() + " is not valid now";
    }

    @Override
    public LmtpReply tooManyBadCommands(LmtpSession session) {
        session.requestClose(EndReason.BAD_COMMANDS);
        return ConnectionReplies.tooManyErrors(session.settings().hostname());
    }

    /** Handlers refuse what they expect with replies of their own; anything thrown is a defect. */
    @Override
    public LmtpReply failure(Throwable defect, LmtpSession session) {
        LOG.error("internal error, closing the connection", defect);
        session.requestClose(EndReason.ERROR);
        return ConnectionReplies.internalError(session.settings().hostname());
    }
}
