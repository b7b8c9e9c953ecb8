package org.postbox.mailstore.maildir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxHistory;
import org.postbox.mailstore.MailboxLogin;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each mailbox's history in {@code <root>/<domain>/<local>/postbox-history}, beside the Maildir
 * where Dovecot never looks, so that it moves with a rename and goes with a removal. One event a
 * line, oldest first:
 * <pre>
 * 2026-12-06T09:00:00.123Z login 1a2b3c4d 192.0.2.7 TLSv1.3 PLAIN
 * 2026-12-06T09:00:01.456Z delete 1a2b3c4d 1764000000.M1P2.host,S=812,W=830 830
 * </pre>
 * ({@code -} in place of the TLS protocol for a login without TLS). An append rewrites the file
 * (a temporary file, then a rename) with what the retention keeps: at most a few hundred
 * kilobytes, once per login and once per UPDATE. The POP3 engine appends while it holds the
 * mailbox's maildrop lock, which orders the writers of every process; the stripes below order
 * those of this one that hold no lock (tests, tools).
 */
final class MaildirHistory implements MailboxHistory {

    static final String FILE_NAME = "postbox-history";

    private static final Logger LOG = LoggerFactory.getLogger(MaildirHistory.class);
    private static final String NO_TLS = "-";
    /** Octets a kept event may take on average before a login's append rewrites the file; lines are 80 to 200. */
    private static final int LINE_BUDGET = 256;

    private final MaildirLayout layout;
    private final PasswdFile passwd;
    private final Object[] stripes = new Object[64];

    MaildirHistory(MaildirLayout layout, PasswdFile passwd) {
        this.layout = layout;
        this.passwd = passwd;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public void append(MailboxAddress address, List<? extends HistoryEvent> events, HistoryRetention retention,
            Instant now) {
        requireMailbox(address);
        Path file = layout.mailboxDirectory(address).resolve(FILE_NAME);
        synchronized (stripes[Math.floorMod(address.hashCode(), stripes.length)]) {
            Instant horizon = retention.horizon(now);
            if (events.size() == 1 && appendedWithoutTrim(file, events.get(0), retention, horizon)) {
                return;
            }
            List<HistoryEvent> kept = new ArrayList<>(read(file));
            kept.addAll(events);
            kept.removeIf(event -> event.at().isBefore(horizon));
            List<HistoryEvent> newestLast = newestFirst(kept).subList(0, Math.min(kept.size(), retention.maxEvents()));
            StringBuilder text = new StringBuilder();
            for (int i = newestLast.size() - 1; i >= 0; i--) {
                text.append(line(newestLast.get(i))).append('\n');
            }
            try {
                Files.createDirectories(file.getParent());
                Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot write the history of " + address + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A login's event, appended as one line when the file needs no trim yet: neither its oldest
     * event is past the horizon nor has it grown beyond {@link #LINE_BUDGET} octets an event kept.
     * So a login costs one small write, not a reading and rewriting of the whole history; the
     * file holds at most about {@code LINE_BUDGET / 100} times the events kept before it is cut
     * back, and readers cap what they show.
     *
     * @return false when the history is due for a trim: the caller rewrites it
     */
    private static boolean appendedWithoutTrim(Path file, HistoryEvent event, HistoryRetention retention, Instant horizon) {
        try {
            if (Files.size(file) > (long) retention.maxEvents() * LINE_BUDGET || oldest(file).isBefore(horizon)) {
                return false;
            }
            Files.writeString(file, line(event) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return true;
        } catch (NoSuchFileException e) {
            return false; // the first event: written whole
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: the rewrite reports what is wrong
        }
    }

    /** The time of the file's first line: its oldest event, since events are appended in time order. */
    private static Instant oldest(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first == null ? Instant.MAX : Instant.parse(first.substring(0, Math.max(0, first.indexOf(' '))));
        }
    }

    @Override
    public List<HistoryEvent> events(MailboxAddress address, Instant since) {
        requireMailbox(address);
        List<HistoryEvent> events = new ArrayList<>(read(layout.mailboxDirectory(address).resolve(FILE_NAME)));
        events.removeIf(event -> event.at().isBefore(since));
        return newestFirst(events);
    }

    @Override
    public List<MailboxLogin> logins(Instant since) {
        List<MailboxAddress> addresses = new ArrayList<>(passwd.read().addresses());
        addresses.sort(Comparator.comparing(MailboxAddress::domain).thenComparing(MailboxAddress::localPart));
        List<MailboxLogin> logins = new ArrayList<>();
        for (MailboxAddress address : addresses) {
            for (HistoryEvent event : newestFirst(read(layout.mailboxDirectory(address).resolve(FILE_NAME)))) {
                if (event instanceof HistoryEvent.Login login && !login.at().isBefore(since)) {
                    logins.add(new MailboxLogin(address, login));
                }
            }
        }
        return logins;
    }

    private void requireMailbox(MailboxAddress address) {
        if (!passwd.read().contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
    }

    /** Sorted by time, newest first; of one time, the later line first. */
    private static List<HistoryEvent> newestFirst(List<HistoryEvent> oldestFirst) {
        List<HistoryEvent> sorted = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(sorted);
        sorted.sort(Comparator.comparing(HistoryEvent::at).reversed()); // stable: keeps later lines first
        return sorted;
    }

    private static String line(HistoryEvent event) {
        if (event instanceof HistoryEvent.Login login) {
            return login.at() + " login " + login.sessionId() + " " + login.clientIp() + " "
                    + login.tls().orElse(NO_TLS) + " " + login.mechanism();
        }
        HistoryEvent.Deletion deletion = (HistoryEvent.Deletion) event;
        return deletion.at() + " delete " + deletion.sessionId() + " " + deletion.uniqueId() + " " + deletion.size();
    }

    /** The file's events in file order; a line this version cannot read is skipped with a warning. */
    private static List<HistoryEvent> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the history " + file + ": " + e.getMessage(), e);
        }
        List<HistoryEvent> events = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] words = line.split(" ");
            try {
                Instant at = Instant.parse(words[0]);
                if (words[1].equals("login") && words.length == 6) {
                    events.add(new HistoryEvent.Login(at, words[2], words[3],
                            words[4].equals(NO_TLS) ? Optional.empty() : Optional.of(words[4]), words[5]));
                    continue;
                }
                if (words[1].equals("delete") && words.length == 5) {
                    events.add(new HistoryEvent.Deletion(at, words[2], words[3], Long.parseLong(words[4])));
                    continue;
                }
            } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                // reported below
            }
            LOG.warn("skipped a line of {} this version cannot read: {}", file, line);
        }
        return events;
    }
}
