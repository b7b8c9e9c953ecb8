package org.postbox.pop3.server.command;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.InvalidRequest;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.server.Pop3Observer;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.session.EndReason;

/**
 * Turns one client request into one reply. Owns, for every command alike: the state check, the
 * bad-command count and its limit, the mapping of failures to replies, and what metrics learn of
 * each command. The returned stage never completes exceptionally.
 */
public final class CommandDispatcher {

    private final CommandTable table;
    private final Pop3Observer observer;

    public CommandDispatcher(CommandTable table) {
        this(table, Pop3Observer.NONE);
    }

    /** @param observer told of every answered request and of the messages it retrieved or deleted */
    public CommandDispatcher(CommandTable table, Pop3Observer observer) {
        this.table = Objects.requireNonNull(table, "table");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public CompletionStage<Pop3Reply> dispatch(Pop3Request request, Pop3Session session) {
        long start = System.nanoTime();
        long retrievedBefore = session.retrieved();
        long deletedBefore = session.deletedOnCommit();
        String command = CommandOutcomes.command(request);
        return answer(request, session).thenApply(reply -> {
            observer.commandAnswered(command, CommandOutcomes.result(reply), System.nanoTime() - start);
            if (session.retrieved() > retrievedBefore) {
                observer.messagesRetrieved(session.retrieved() - retrievedBefore);
            }
            if (session.deletedOnCommit() > deletedBefore) {
                observer.messagesDeleted(session.deletedOnCommit() - deletedBefore);
            }
            return reply;
        });
    }

    private CompletionStage<Pop3Reply> answer(Pop3Request request, Pop3Session session) {
        session.beginCommand();
        Optional<CompletionStage<Pop3Reply>> saslReply = SaslLines.answer(request, session);
        if (saslReply.isPresent()) {
            return saslReply.get().handle((ok, failure) -> failure == null ? ok : ErrorReplies.of(failure, session));
        }
        request = SaslLines.asCommand(request, session);
        if (request instanceof InvalidRequest invalid) {
            return done(badCommand(session, Pop3Reply.Err.of(invalid.reason())));
        }
        Pop3Command command = (Pop3Command) request;
        Optional<CommandTable.Entry<?>> entry = table.entryFor(command);
        if (entry.isEmpty()) {
            // The decoder knows a command the table lacks: a wiring defect, not the client's fault.
            return done(ErrorReplies.of(new IllegalStateException("no handler for " + command.keyword()), session));
        }
        if (!entry.get().validIn().contains(session.state())) {
            return done(badCommand(session, Pop3Reply.Err.of(command.keyword() + " is not valid in the "
                    + session.state().name().toLowerCase(Locale.ROOT) + " state")));
        }
        CompletionStage<Pop3Reply> reply;
        try {
            reply = entry.get().handle(command, session);
        } catch (RuntimeException failure) {
            return done(ErrorReplies.of(failure, session));
        }
        return reply.handle((ok, failure) -> failure == null ? ok : ErrorReplies.of(failure, session));
    }

    private static Pop3Reply badCommand(Pop3Session session, Pop3Reply.Err reply) {
        if (session.countBadCommand() > session.settings().maxBadCommands()) {
            session.requestClose(EndReason.BAD_COMMANDS);
            return Pop3Reply.Err.of("too many bad commands, closing connection");
        }
        return reply;
    }

    private static CompletionStage<Pop3Reply> done(Pop3Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
