package org.postbox.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an administrator sees of an open session: a snapshot, never a handle on the session.
 *
 * @param id       the session id of its log lines, which {@link SessionListener#kick} takes
 * @param listener the listener it came in on
 * @param user     who logged in, once someone has (never for protocols without logins)
 * @param client   the client's address as the log lines show it ({@code ip:port})
 * @param since    when the connection was opened
 * @param tls      whether the connection is under TLS now (implicit, or after STLS)
 */
public record SessionView(String id, String listener, Optional<String> user, String client, Instant since,
                          boolean tls) {
    public SessionView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(since, "since");
    }
}
