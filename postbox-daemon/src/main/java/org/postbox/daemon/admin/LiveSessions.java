package org.postbox.daemon.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.postbox.lmtp.LmtpAcceptor;
import org.postbox.pop3.server.Pop3Acceptor;
import org.postbox.session.SessionView;

/**
 * The open sessions of every POP3 and LMTP listener of the daemon, and the kick that ends one:
 * what {@code GET /api/v1/sessions} and {@code DELETE /api/v1/sessions/{id}} show and do, and
 * what {@code postbox who} and {@code postbox kick} call.
 */
public final class LiveSessions {

    /** One open session, as the API shows it. */
    public record Session(String id, String protocol, String listener, Optional<String> address, String client,
                          Instant since, boolean tls) {
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
        }

        static Session of(String protocol, SessionView view) {
            return new Session(view.id(), protocol, view.listener(), view.user(), view.client(), view.since(),
                    view.tls());
        }
    }

    private final Map<String, Pop3Acceptor> pop3;
    private final Map<String, LmtpAcceptor> lmtp;

    public LiveSessions(Map<String, Pop3Acceptor> pop3, Map<String, LmtpAcceptor> lmtp) {
        this.pop3 = Map.copyOf(pop3);
        this.lmtp = Map.copyOf(lmtp);
    }

    /** The sessions open now, POP3 first, each listener's oldest first. */
    public List<Session> list() {
        List<Session> sessions = new ArrayList<>();
        pop3.values().forEach(acceptor -> acceptor.sessions().forEach(view -> sessions.add(Session.of("pop3", view))));
        lmtp.values().forEach(acceptor -> acceptor.sessions().forEach(view -> sessions.add(Session.of("lmtp", view))));
        return sessions;
    }

    /**
     * Ends the session of that id, wherever it is; returns at once, before it has ended.
     *
     * @return false when no open session has that id (or it is ending already)
     */
    public boolean kick(String id) {
        for (Pop3Acceptor acceptor : pop3.values()) {
            if (acceptor.kick(id)) {
                return true;
            }
        }
        for (LmtpAcceptor acceptor : lmtp.values()) {
            if (acceptor.kick(id)) {
                return true;
            }
        }
        return false;
    }
}
