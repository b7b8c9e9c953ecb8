package org.postbox.mailstore.jpa;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.util.Optional;

import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.LoginDelay;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;

/**
 * The LOGIN-DELAY columns of {@code domains} and {@code mailboxes} (migration V8), for
 * {@link JpaDirectory}: one statement each.
 */
final class JpaLoginDelays {

    private static final String SET_DOMAIN = "UPDATE domains SET login_delay_seconds = ? WHERE name = ?";
    private static final String SET_MAILBOX = """
            UPDATE mailboxes m SET login_delay_seconds = ? FROM domains d
             WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""";
    private static final String OF_MAILBOX = """
            SELECT m.login_delay_seconds, d.login_delay_seconds FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";
    // Empty (nulls) when nothing is set anywhere: the least of all domains' and overrides' otherwise.
    private static final String LEAST = """
            SELECT least((SELECT min(login_delay_seconds) FROM domains),
                         (SELECT min(login_delay_seconds) FROM mailboxes))
             WHERE EXISTS (SELECT 1 FROM domains WHERE login_delay_seconds > 0)
                OR EXISTS (SELECT 1 FROM mailboxes WHERE login_delay_seconds IS NOT NULL)""";

    private final Database database;

    JpaLoginDelays(Database database) {
        this.database = database;
    }

    void setDomain(String domain, Duration delay) {
        LoginDelay.check(delay);
        String name = DomainName.normalise(domain);
        database.inTransaction("set the login delay of " + name, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_DOMAIN)) {
                update.setInt(1, (int) delay.toSeconds());
                update.setString(2, name);
                if (update.executeUpdate() == 0) {
                    throw new NoSuchDomainException("no domain " + name);
                }
            }
            return null;
        });
    }

    void setMailbox(MailboxAddress address, Optional<Duration> delay) {
        delay.ifPresent(LoginDelay::check);
        database.inTransaction("set the login delay of " + address, connection -> {
            try (PreparedStatement update = connection.prepareStatement(SET_MAILBOX)) {
                if (delay.isPresent()) {
                    update.setInt(1, (int) delay.get().toSeconds());
                } else {
                    update.setNull(1, Types.INTEGER);
                }
                update.setString(2, address.domain());
                update.setString(3, address.localPart());
                if (update.executeUpdate() == 0) {
                    throw new NoSuchMailboxException("no mailbox " + address);
                }
            }
            return null;
        });
    }

    LoginDelay of(MailboxAddress address) {
        return database.inTransaction("read the login delay of " + address, connection -> {
            try (PreparedStatement select = connection.prepareStatement(OF_MAILBOX)) {
                select.setString(1, address.domain());
                select.setString(2, address.localPart());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new NoSuchMailboxException("no mailbox " + address);
                    }
                    int own = rows.getInt(1);
                    Optional<Duration> mailbox = rows.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(own));
                    return new LoginDelay(mailbox, Duration.ofSeconds(rows.getInt(2)));
                }
            }
        });
    }

    Optional<Duration> least() {
        return database.inTransaction("read the least login delay", connection -> {
            try (PreparedStatement select = connection.prepareStatement(LEAST); ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.<Duration>empty();
                }
                return Optional.of(Duration.ofSeconds(rows.getInt(1)));
            }
        });
    }
}
