package org.postbox.lmtp.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/**
 * Which handler answers which command: one immutable value built once per listener, keyed by
 * the command's record class.
 */
final class CommandTable {

    private final Map<Class<? extends LmtpCommand>, Entry<?>> entries;

    private CommandTable(Map<Class<? extends LmtpCommand>, Entry<?>> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** Every command of RFC 2033 that Postbox implements. */
    static CommandTable standard(LmtpSettings settings, RecipientPolicy policy, OutcomeReplies replies) {
        Map<Class<? extends LmtpCommand>, Entry<?>> entries = new HashMap<>();
        add(entries, LmtpCommand.Lhlo.class, new LhloCommand(settings.hostname(), settings.maxMessageSize()));
        add(entries, LmtpCommand.Mail.class, new MailCommand(settings.maxMessageSize(), replies));
        add(entries, LmtpCommand.Rcpt.class, new RcptCommand(policy, replies, settings.maxRecipients()));
        add(entries, LmtpCommand.Data.class, new DataCommand(settings.spoolDirectory()));
        add(entries, LmtpCommand.Rset.class, new RsetCommand());
        add(entries, LmtpCommand.Noop.class, new NoopCommand());
        add(entries, LmtpCommand.Quit.class, new QuitCommand(settings.hostname()));
        add(entries, LmtpCommand.Vrfy.class, new VrfyCommand());
        return new CommandTable(entries);
    }

    private static <C extends LmtpCommand> void add(Map<Class<? extends LmtpCommand>, Entry<?>> entries,
                                                     Class<C> type, CommandHandler<C> handler) {
        if (entries.putIfAbsent(type, new Entry<>(type, handler)) != null) {
            throw new IllegalArgumentException("a handler for " + type.getSimpleName() + " is registered already");
        }
    }

    Optional<Entry<?>> entryFor(LmtpCommand command) {
        return Optional.ofNullable(entries.get(command.getClass()));
    }

    Set<Class<? extends LmtpCommand>> commands() {
        return entries.keySet();
    }

    /** A handler together with the command type it accepts, so that dispatch stays type-safe. */
    record Entry<C extends LmtpCommand>(Class<C> type, CommandHandler<C> handler) {

        Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
        }

        Set<Phase> validIn() {
            return handler.validIn();
        }

        LmtpReply handle(LmtpCommand command, LmtpSession session) {
            return handler.handle(type.cast(command), session);
        }
    }
}
