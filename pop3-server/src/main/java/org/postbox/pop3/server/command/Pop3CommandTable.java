package org.postbox.pop3.server.command;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.SaslResponse;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.Pop3Observer;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.session.command.CommandTable;
import org.postbox.session.command.Dispatcher;

/**
 * POP3's command table: every request Postbox answers (RFC 1939, RFC 2449, RFC 2595, RFC 5034,
 * RFC 6856), the states it is valid in and its handler, so the whole state machine is on this
 * screen:
 *
 * <pre>
 * AUTHORIZATION --USER+PASS, APOP, AUTH--> TRANSACTION --QUIT--> UPDATE
 * AUTHORIZATION --AUTH, challenge--------> AUTHORIZATION_SASL --response--> AUTHORIZATION | TRANSACTION
 * AUTHORIZATION --STLS-------------------> AUTHORIZATION_STLS --TLS handshake--> AUTHORIZATION
 * </pre>
 *
 * Nothing is valid in UPDATE: the session ends with QUIT's reply.
 */
public final class Pop3CommandTable {

    private static final Set<SessionState> AUTHORIZATION = EnumSet.of(SessionState.AUTHORIZATION);
    private static final Set<SessionState> SASL = EnumSet.of(SessionState.AUTHORIZATION_SASL);
    private static final Set<SessionState> TRANSACTION = EnumSet.of(SessionState.TRANSACTION);
    private static final Set<SessionState> EITHER = EnumSet.of(SessionState.AUTHORIZATION, SessionState.TRANSACTION);

    private Pop3CommandTable() {
    }

    /**
     * A listener's dispatch step: the {@link #standard} table with POP3's rules, telling
     * {@code observer} of every answered request and of the messages retrieved and deleted.
     */
    public static Dispatcher<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> dispatcher(MailStore store,
            Authenticator authenticator, Pop3Observer observer) {
        return dispatcher(store, authenticator, observer, HistoryRetention.DEFAULTS, Clock.systemUTC());
    }

    /**
     * As {@link #dispatcher(MailStore, Authenticator, Pop3Observer)}, keeping each mailbox's
     * history as {@code retention} says, at the times {@code clock} tells.
     */
    public static Dispatcher<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> dispatcher(MailStore store,
            Authenticator authenticator, Pop3Observer observer, HistoryRetention retention, Clock clock) {
        return new Dispatcher<>(standard(store, authenticator, observer, retention, clock), new Pop3Rules(observer));
    }

    /** @param observer told of the messages RETR sends and QUIT removes */
    public static CommandTable<Pop3Request, SessionState, Pop3Session, Pop3Reply> standard(MailStore store,
            Authenticator authenticator, Pop3Observer observer) {
        return standard(store, authenticator, observer, HistoryRetention.DEFAULTS, Clock.systemUTC());
    }

    private static CommandTable<Pop3Request, SessionState, Pop3Session, Pop3Reply> standard(MailStore store,
            Authenticator authenticator, Pop3Observer observer, HistoryRetention retention, Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(authenticator, "authenticator");
        SessionHistory history = new SessionHistory(store, retention, clock);
        MailboxLoginDelays loginDelays = new MailboxLoginDelays(store, clock, System::nanoTime);
        Logins logins = new Logins(store, history, loginDelays);
        SaslResponseCommand saslResponse = new SaslResponseCommand();
        AdvertisedExpire expire = new AdvertisedExpire(store, Clock.systemUTC());
        return CommandTable.<Pop3Request, SessionState, Pop3Session, Pop3Reply>builder()
                .row(Pop3Command.User.class,       AUTHORIZATION, new PlaintextPermitted<>(new UserCommand()))
                .row(Pop3Command.Pass.class,       AUTHORIZATION, new PlaintextPermitted<>(new PassCommand(authenticator, logins)))
                .row(Pop3Command.Apop.class,       AUTHORIZATION, new ApopCommand(authenticator, logins))
                .row(Pop3Command.Auth.class,       AUTHORIZATION, new AuthCommand(authenticator, new SaslExchanges(logins)))
                .row(SaslResponse.Data.class,      SASL,          saslResponse)
                .row(SaslResponse.Cancel.class,    SASL,          saslResponse)
                .row(SaslResponse.Malformed.class, SASL,          saslResponse)
                // The decoder stops behind a clear-text STLS until the session has answered it.
                .row(Pop3Command.Stls.class,       AUTHORIZATION, new StlsCommand()).decidesReading()
                .row(Pop3Command.Utf8.class,       AUTHORIZATION, new Utf8Command())
                .row(Pop3Command.Lang.class,       EITHER,        new LangCommand())
                .row(Pop3Command.Capa.class,       EITHER,        new CapaCommand(loginDelays, expire))
                .row(Pop3Command.Quit.class,       EITHER,        new QuitCommand(observer, history))
                .row(Pop3Command.Stat.class,       TRANSACTION,   new StatCommand())
                .row(Pop3Command.List.class,       TRANSACTION,   new ListCommand())
                .row(Pop3Command.Uidl.class,       TRANSACTION,   new UidlCommand())
                .row(Pop3Command.Retr.class,       TRANSACTION,   new RetrCommand(observer))
                .row(Pop3Command.Top.class,        TRANSACTION,   new TopCommand())
                .row(Pop3Command.Dele.class,       TRANSACTION,   new DeleCommand())
                .row(Pop3Command.Rset.class,       TRANSACTION,   new RsetCommand())
                .row(Pop3Command.Noop.class,       TRANSACTION,   new NoopCommand())
                .build();
    }
}
