package org.postbox.mailstore.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxHistory;
import org.postbox.mailstore.MailboxLogin;
import org.postbox.mailstore.NoSuchMailboxException;

/**
 * Each mailbox's history in {@code mailbox_history} (migration V8): an append is one transaction
 * of one batch of inserts and the deletes of what the retention drops, on that mailbox's rows
 * alone, through their index.
 */
final class JpaHistory implements MailboxHistory {

    private static final String MAILBOX_ID = """
            SELECT m.id FROM mailboxes m JOIN domains d ON d.id = m.domain_id WHERE d.name = ? AND m.local_part = ?""";
    private static final String INSERT = """
            INSERT INTO mailbox_history (mailbox_id, at, kind, session_id, client_ip, tls_protocol, mechanism, unique_id, size)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String DROP_OLD = "DELETE FROM mailbox_history WHERE mailbox_id = ? AND at < ?";
    private static final String DROP_BEYOND_COUNT = """
            DELETE FROM mailbox_history WHERE id IN (
              SELECT id FROM mailbox_history WHERE mailbox_id = ? ORDER BY at DESC, id DESC OFFSET ?)""";
    private static final String COLUMNS = "h.at, h.kind, h.session_id, h.client_ip, h.tls_protocol, h.mechanism, h.unique_id, h.size";
    private static final String EVENTS = "SELECT " + COLUMNS
            + " FROM mailbox_history h WHERE h.mailbox_id = ? AND h.at >= ? ORDER BY h.at DESC, h.id DESC";
    private static final String LOGINS = "SELECT d.name, m.local_part, " + COLUMNS + " " + """
            FROM mailbox_history h JOIN mailboxes m ON m.id = h.mailbox_id JOIN domains d ON d.id = m.domain_id
            WHERE h.kind = 'login' AND h.at >= ? ORDER BY d.name, m.local_part, h.at DESC, h.id DESC""";

    /** One login in this many (of this store) also cuts its mailbox's history to the count kept. */
    private static final int COUNT_TRIM_PERIOD = 32;

    private final Database database;
    private final AtomicLong singleAppends = new AtomicLong();

    JpaHistory(Database database) {
        this.database = database;
    }

    @Override
    public void append(MailboxAddress address, List<? extends HistoryEvent> events, HistoryRetention retention,
            Instant now) {
        database.inTransaction("record the history of " + address, connection -> {
            long mailboxId = mailboxId(connection, address);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (HistoryEvent event : events) {
                    insert.setLong(1, mailboxId);
                    insert.setObject(2, time(event.at()));
                    insert.setString(4, event.sessionId());
                    if (event instanceof HistoryEvent.Login login) {
                        insert.setString(3, "login");
                        insert.setString(5, login.clientIp());
                        insert.setString(6, login.tls().orElse(null));
                        insert.setString(7, login.mechanism());
                        insert.setNull(8, Types.VARCHAR);
                        insert.setNull(9, Types.BIGINT);
                    } else {
                        HistoryEvent.Deletion deletion = (HistoryEvent.Deletion) event;
                        insert.setString(3, "delete");
                        insert.setNull(5, Types.VARCHAR);
                        insert.setNull(6, Types.VARCHAR);
                        insert.setNull(7, Types.VARCHAR);
                        insert.setString(8, deletion.uniqueId());
                        insert.setLong(9, deletion.size());
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement old = connection.prepareStatement(DROP_OLD)) {
                old.setLong(1, mailboxId);
                old.setObject(2, time(retention.horizon(now)));
                old.executeUpdate();
            }
            // Cutting to the count walks the mailbox's whole history in the index: an UPDATE's
            // batch does it, one login's event in COUNT_TRIM_PERIOD, so that a
            // login costs an insert, not a scan; readers cap what they show.
            if (events.size() > 1 || singleAppends.incrementAndGet() % COUNT_TRIM_PERIOD == 0) {
                try (PreparedStatement beyond = connection.prepareStatement(DROP_BEYOND_COUNT)) {
                    beyond.setLong(1, mailboxId);
                    beyond.setInt(2, retention.maxEvents());
                    beyond.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<HistoryEvent> events(MailboxAddress address, Instant since) {
        return database.inTransaction("read the history of " + address, connection -> {
            long mailboxId = mailboxId(connection, address);
            try (PreparedStatement select = connection.prepareStatement(EVENTS)) {
                select.setLong(1, mailboxId);
                select.setObject(2, time(since));
                try (ResultSet rows = select.executeQuery()) {
                    List<HistoryEvent> events = new ArrayList<>();
                    while (rows.next()) {
                        events.add(event(rows, 1));
                    }
                    return events;
                }
            }
        });
    }

    @Override
    public List<MailboxLogin> logins(Instant since) {
        return database.inTransaction("read every mailbox's logins", connection -> {
            try (PreparedStatement select = connection.prepareStatement(LOGINS)) {
                select.setObject(1, time(since));
                try (ResultSet rows = select.executeQuery()) {
                    List<MailboxLogin> logins = new ArrayList<>();
                    while (rows.next()) {
                        MailboxAddress address = new MailboxAddress(rows.getString(2), rows.getString(1));
                        logins.add(new MailboxLogin(address, (HistoryEvent.Login) event(rows, 3)));
                    }
                    return logins;
                }
            }
        });
    }

    private static long mailboxId(Connection connection, MailboxAddress address) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(MAILBOX_ID)) {
            select.setString(1, address.domain());
            select.setString(2, address.localPart());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
                return rows.getLong(1);
            }
        }
    }

    private static HistoryEvent event(ResultSet rows, int first) throws SQLException {
        Instant at = rows.getObject(first, OffsetDateTime.class).toInstant();
        String sessionId = rows.getString(first + 2);
        if (rows.getString(first + 1).equals("login")) {
            return new HistoryEvent.Login(at, sessionId, rows.getString(first + 3),
                    Optional.ofNullable(rows.getString(first + 4)), rows.getString(first + 5));
        }
        return new HistoryEvent.Deletion(at, sessionId, rows.getString(first + 6), rows.getLong(first + 7));
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
