package org.postbox.lmtp.session;

import java.util.Objects;
import org.postbox.lmtp.LmtpObserver;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.lmtp.codec.MessageData;
import org.postbox.lmtp.codec.MessageEnd;
import org.postbox.mailstore.MailStore;
import org.postbox.session.command.Dispatcher;
import org.postbox.session.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each client input into its replies: command lines through the session-support dispatch
 * step with LMTP's table and rules ({@link LmtpCommandTable}, {@link LmtpRules}), the message
 * after DATA through {@link MessageDelivery}. One instance serves every connection of a listener;
 * the per-connection state is the {@link LmtpSession}.
 */
public final class SessionEngine {

    private final LmtpRules rules = new LmtpRules();
    private final Dispatcher<LmtpInput, LmtpCommand, Phase, LmtpSession, LmtpReply> commands;
    private final MessageDelivery delivery;

    /** @param policy the RCPT checks; {@link StoreRecipientPolicy} in production */
    public SessionEngine(LmtpSettings settings, MailStore store, RecipientPolicy policy) {
        this(settings, store, policy, LmtpObserver.NONE);
    }

    /** @param observer told of each recipient's delivery (metrics) */
    public SessionEngine(LmtpSettings settings, MailStore store, RecipientPolicy policy, LmtpObserver observer) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(policy, "policy");
        OutcomeReplies replies = new OutcomeReplies(settings.overQuotaTemporary());
        this.commands = new Dispatcher<>(LmtpCommandTable.standard(settings, policy, replies), rules);
        this.delivery = new MessageDelivery(store, replies, settings.maxMessageSize(), observer);
    }

    /**
     * Handles one input of {@code session}, sending its replies (none for a piece of message, one
     * per recipient at the end of a message, one otherwise) to {@code out}. Never throws: a defect
     * is logged and answered with {@code 421}, and the session asks to close.
     */
    public void handle(LmtpInput input, LmtpSession session, ReplySink out) {
        try {
            if (input instanceof MessageData data) {
                if (session.state() != Phase.RECEIVING) {
                    throw new IllegalStateException("message data in phase " + session.state());
                }
                session.transaction().append(data.octets());
            } else if (input instanceof MessageEnd end) {
                delivery.finish(end, session, out);
            } else {
                // Every handler answers within the call, so the reply is there already.
                out.send(commands.dispatch(input, session).toCompletableFuture().join());
            }
        } catch (RuntimeException defect) {
            out.send(rules.failure(defect, session));
        }
    }

    /** Whether the decoder holds what follows {@code input} until it has been handled (DATA). */
    public boolean decidesReading(LmtpInput input) {
        return commands.decidesReading(input);
    }
}
