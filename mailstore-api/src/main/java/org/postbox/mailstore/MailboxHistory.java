package org.postbox.mailstore;

import java.time.Instant;
import java.util.List;

/**
 * What happened to each mailbox: its POP3 logins and the messages its sessions deleted, so that
 * "who deleted my mail" has an answer. Written by the POP3 engine, one call per login and one per
 * UPDATE, while it holds the mailbox's maildrop lock; read by the administration tools.
 *
 * <pre>
 * history.append(address, List.of(new HistoryEvent.Login(now, "1a2b3c4d", "192.0.2.7",
 *         Optional.of("TLSv1.3"), "PLAIN")), HistoryRetention.DEFAULTS, now);
 * history.events(address, Instant.EPOCH)   // newest first
 * </pre>
 *
 * A removed mailbox's history goes with it (a mailbox created again under its address starts
 * without any); a renamed mailbox keeps its history under its new address.
 */
public interface MailboxHistory {

    /**
     * Adds events to a mailbox's history and drops what {@code retention} no longer keeps at
     * {@code now}: events older than its horizon, then the oldest beyond its count. An append of
     * several events (an UPDATE's deletions) drops at once; an append of one (a login) may leave
     * the cut to the count to a later append, so that a login costs one small write: the history
     * then holds a bounded number of events more than the count, which readers cap.
     *
     * @throws NoSuchMailboxException    if the mailbox does not exist
     * @throws StoreUnavailableException if the history cannot be written now
     */
    void append(MailboxAddress address, List<? extends HistoryEvent> events, HistoryRetention retention, Instant now);

    /**
     * A mailbox's events at or after {@code since}, newest first (events of one time in the reverse
     * of the order they were appended in).
     *
     * @throws NoSuchMailboxException if the mailbox does not exist
     */
    List<HistoryEvent> events(MailboxAddress address, Instant since);

    /** The logins at or after {@code since} of every mailbox, by address, then newest first. */
    List<MailboxLogin> logins(Instant since);
}
