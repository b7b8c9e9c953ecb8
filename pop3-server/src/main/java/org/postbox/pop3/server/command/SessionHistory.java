package org.postbox.pop3.server.command;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.TlsFacts;
import org.postbox.session.Rfc5952;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a session's login and its UPDATE's deletions into the mailbox's history
 * ({@link org.postbox.mailstore.MailboxHistory}): one store call each, while the session holds the
 * maildrop. The history is a record, not a gate: a failure to write it is logged and neither the
 * login nor the UPDATE fails for it.
 */
final class SessionHistory {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHistory.class);

    private final MailStore store;
    private final HistoryRetention retention;
    private final Clock clock;

    SessionHistory(MailStore store, HistoryRetention retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code session} has just opened {@code address}'s maildrop after a login by {@code mechanism}. */
    void loggedIn(Pop3Session session, MailboxAddress address, String mechanism) {
        Instant now = clock.instant();
        InetAddress ip = session.remote().getAddress();
        Optional<String> tls = session.tls().map(TlsFacts::protocol);
        if (tls.isEmpty() && session.underTls()) {
            tls = Optional.of("TLS"); // the handshake's facts are not in yet; rare, and TLS all the same
        }
        write(address, List.of(new HistoryEvent.Login(now, session.id(), ip == null ? "unknown" : Rfc5952.format(ip),
                tls, mechanism)), now);
    }

    /** The deletions {@code session} is about to commit, taken before the commit changes the session. */
    List<HistoryEvent.Deletion> deletions(Pop3Session session) {
        Instant now = clock.instant();
        List<HistoryEvent.Deletion> deletions = new ArrayList<>();
        for (int number = 1; number <= session.messageCount(); number++) {
            if (session.isDeleted(number)) {
                var message = session.message(number);
                deletions.add(new HistoryEvent.Deletion(now, session.id(), message.uniqueId(), message.size()));
            }
        }
        return deletions;
    }

    /** Records {@code deletions}, committed by the UPDATE of {@code address}'s session. */
    void deleted(MailboxAddress address, List<HistoryEvent.Deletion> deletions) {
        if (!deletions.isEmpty()) {
            write(address, deletions, clock.instant());
        }
    }

    private void write(MailboxAddress address, List<? extends HistoryEvent> events, Instant now) {
        try {
            store.history().append(address, events, retention, now);
        } catch (RuntimeException e) {
            LOG.warn("cannot record {} event(s) in the history of {}: {}", events.size(), address, e.toString());
        }
    }
}
