package org.postbox.mailstore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a mailbox's {@link MailboxHistory}: a successful POP3 login, or a message removed
 * in a session's UPDATE state. Times are kept to the millisecond, the finest both backends store.
 * Text fields never hold white space, so that a backend may keep an event as one line of words.
 */
public sealed interface HistoryEvent {

    /** When it happened, to the millisecond. */
    Instant at();

    /** The POP3 session it happened in, as the daemon's log lines name it. */
    String sessionId();

    /**
     * A successful login: the maildrop was opened.
     *
     * @param clientIp  the client's IP address (after a PROXY header, the one it names)
     * @param tls       the TLS protocol of the connection ({@code TLSv1.3}), empty without TLS
     * @param mechanism {@code USER} (USER/PASS), {@code APOP}, or the SASL mechanism
     *                  ({@code PLAIN}, {@code LOGIN}, {@code CRAM-MD5}, {@code SCRAM-SHA-256}, ...)
     */
    record Login(Instant at, String sessionId, String clientIp, Optional<String> tls, String mechanism)
            implements HistoryEvent {
        public Login {
            at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
            word(sessionId, "sessionId");
            word(clientIp, "clientIp");
            Objects.requireNonNull(tls, "tls").ifPresent(protocol -> word(protocol, "tls"));
            word(mechanism, "mechanism");
        }
    }

    /**
     * A message removed from the maildrop at UPDATE (QUIT after DELE).
     *
     * @param uniqueId its UIDL
     * @param size     its size as POP3 listed it
     */
    record Deletion(Instant at, String sessionId, String uniqueId, long size) implements HistoryEvent {
        public Deletion {
            at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
            word(sessionId, "sessionId");
            word(uniqueId, "uniqueId");
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative, got " + size);
            }
        }
    }

    private static void word(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.length() > 255 || value.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(name + " must be 1 to 255 characters without spaces or controls, got '"
                    + value + "'");
        }
    }
}
