package org.postbox.pop3.server.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.postbox.mailstore.MailStore;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;

/**
 * Which handler answers which command: one immutable value built once per listener. Keyed by the
 * command's record class; no reflection beyond {@link Class#cast}.
 */
public final class CommandTable {

    private final Map<Class<? extends Pop3Command>, Entry<?>> entries;

    private CommandTable(Map<Class<? extends Pop3Command>, Entry<?>> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** Every command of RFC 1939 and RFC 2449 that Postbox implements. */
    public static CommandTable standard(MailStore store, Authenticator authenticator) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(authenticator, "authenticator");
        Logins logins = new Logins(store);
        return builder()
                .add(Pop3Command.User.class, new PlaintextPermitted<>(new UserCommand()))
                .add(Pop3Command.Pass.class, new PlaintextPermitted<>(new PassCommand(authenticator, logins)))
                .add(Pop3Command.Apop.class, new ApopCommand(authenticator, logins))
                .add(Pop3Command.Auth.class, new AuthCommand(authenticator, new SaslExchanges(logins)))
                .add(Pop3Command.Utf8.class, new Utf8Command())
                .add(Pop3Command.Lang.class, new LangCommand())
                .add(Pop3Command.Quit.class, new QuitCommand())
                .add(Pop3Command.Stat.class, new StatCommand())
                .add(Pop3Command.List.class, new ListCommand())
                .add(Pop3Command.Retr.class, new RetrCommand())
                .add(Pop3Command.Dele.class, new DeleCommand())
                .add(Pop3Command.Noop.class, new NoopCommand())
                .add(Pop3Command.Rset.class, new RsetCommand())
                .add(Pop3Command.Top.class, new TopCommand())
                .add(Pop3Command.Uidl.class, new UidlCommand())
                .add(Pop3Command.Capa.class, new CapaCommand())
                .add(Pop3Command.Stls.class, new StlsCommand())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The handler for a command, empty if the table has none. */
    public Optional<Entry<?>> entryFor(Pop3Command command) {
        return Optional.ofNullable(entries.get(command.getClass()));
    }

    /** The command classes this table answers. */
    public Set<Class<? extends Pop3Command>> commands() {
        return entries.keySet();
    }

    /** A handler together with the command type it accepts, so dispatch stays type-safe. */
    public record Entry<C extends Pop3Command>(Class<C> type, CommandHandler<C> handler) {

        public Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
        }

        public Set<SessionState> validIn() {
            return handler.validIn();
        }

        public CompletionStage<Pop3Reply> handle(Pop3Command command, Pop3Session session) {
            return handler.handle(type.cast(command), session);
        }
    }

    /** Collects entries; a command may be registered once. */
    public static final class Builder {
        private final Map<Class<? extends Pop3Command>, Entry<?>> entries = new HashMap<>();

        private Builder() {
        }

        public <C extends Pop3Command> Builder add(Class<C> type, CommandHandler<C> handler) {
            if (entries.putIfAbsent(type, new Entry<>(type, handler)) != null) {
                throw new IllegalArgumentException("a handler for " + type.getSimpleName() + " is registered already");
            }
            return this;
        }

        public CommandTable build() {
            return new CommandTable(entries);
        }
    }
}
