package org.postbox.lmtp.session;

import java.util.Objects;
import java.util.Optional;
import org.postbox.lmtp.LmtpObserver;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.lmtp.codec.InvalidCommand;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.lmtp.codec.MessageData;
import org.postbox.lmtp.codec.MessageEnd;
import org.postbox.mailstore.MailStore;
import org.postbox.session.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each client input into its replies. Owns, for every command alike: the sequence check
 * ({@code 503 5.5.1}), the bad-command count and its limit, and what an unexpected failure
 * becomes. One instance serves every connection of a listener; the per-connection state is the
 * {@link LmtpSession}.
 */
public final class SessionEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);

    private final LmtpSettings settings;
    private final CommandTable table;
    private final MessageDelivery delivery;

    /** @param policy the RCPT checks; {@link StoreRecipientPolicy} in production */
    public SessionEngine(LmtpSettings settings, MailStore store, RecipientPolicy policy) {
        this(settings, store, policy, LmtpObserver.NONE);
    }

    /** @param observer told of each recipient's delivery (metrics) */
    public SessionEngine(LmtpSettings settings, MailStore store, RecipientPolicy policy, LmtpObserver observer) {
        Objects.requireNonNull(observer, "observer");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(policy, "policy");
        OutcomeReplies replies = new OutcomeReplies(settings.overQuotaTemporary());
        this.table = CommandTable.standard(settings, policy, replies);
        this.delivery = new MessageDelivery(store, replies, settings.maxMessageSize(), observer);
    }

    /**
     * Handles one input of {@code session}, sending its replies (none for a piece of message, one
     * per recipient at the end of a message, one otherwise) to {@code out}. Never throws: a defect
     * is logged and answered with {@code 421}, and the session asks to close.
     */
    public void handle(LmtpInput input, LmtpSession session, ReplySink out) {
        try {
            if (input instanceof InvalidCommand invalid) {
                session.countCommand();
                out.send(badCommand(session, invalid.reply()));
            } else if (input instanceof LmtpCommand command) {
                session.countCommand();
                out.send(command(command, session));
            } else if (input instanceof MessageData data) {
                if (session.phase() != Phase.RECEIVING) {
                    throw new IllegalStateException("message data in phase " + session.phase());
                }
                session.transaction().append(data.octets());
            } else if (input instanceof MessageEnd end) {
                delivery.finish(end, session, out);
            } else {
                throw new IllegalArgumentException("unknown input " + input);
            }
        } catch (RuntimeException defect) {
            LOG.error("internal error, closing the connection", defect);
            session.requestClose(EndReason.ERROR);
            out.send(ConnectionReplies.internalError(settings.hostname()));
        }
    }

    private LmtpReply command(LmtpCommand command, LmtpSession session) {
        Optional<CommandTable.Entry<?>> entry = table.entryFor(command);
        if (entry.isEmpty()) {
            // The decoder knows a command the table lacks: a wiring defect, not the client's fault.
            throw new IllegalStateException("no handler for " + command.keyword());
        }
        if (!entry.get().validIn().contains(session.phase())) {
            return badCommand(session, LmtpReply.of(503, "5.5.1", sequenceError(command, session.phase())));
        }
        return entry.get().handle(command, session);
    }

    private LmtpReply badCommand(LmtpSession session, LmtpReply reply) {
        if (session.countBadCommand() > settings.maxBadCommands()) {
            session.requestClose(EndReason.BAD_COMMANDS);
            return ConnectionReplies.tooManyErrors(settings.hostname());
        }
        return reply;
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
}
