package org.postbox.pop3.server.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.StoreException;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code EXPIRE} line of CAPA (RFC 2449 section 6.7). After login it is the mailbox's own
 * value, read with the maildrop. Before login the user is not known: the line gives the shortest
 * value of any mailbox, tagged {@code USER} (the value depends on the user) unless every mailbox
 * keeps its mail; that shortest value is looked up in the directory at most once per
 * {@link #MAX_AGE}, so that a client's CAPA costs no query.
 */
final class AdvertisedExpire {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(AdvertisedExpire.class);

    private final MailStore store;
    private final Clock clock;
    private volatile Looked looked;

    private record Looked(Expire shortest, Instant at) {
    }

    AdvertisedExpire(MailStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    String line(Pop3Session session) {
        if (session.state() == SessionState.TRANSACTION) {
            return "EXPIRE " + session.maildrop().expire();
        }
        Expire shortest = shortest();
        return shortest.isNever() ? "EXPIRE NEVER" : "EXPIRE " + shortest + " USER";
    }

    private Expire shortest() {
        Looked last = looked;
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.at().plus(MAX_AGE))) {
            return last.shortest();
        }
        try {
            Expire shortest = store.directory().shortestExpire();
            looked = new Looked(shortest, now);
            return shortest;
        } catch (StoreException e) {
            // CAPA must still answer; the next one asks again.
            LOG.warn("cannot look up the shortest expire for CAPA: {}", e.toString());
            return last == null ? Expire.NEVER : last.shortest();
        }
    }
}
