package org.postbox.system.faults;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The accounting checker of the fault tests: what the MTA was told was delivered (LMTP 250) against
 * what the POP3 clients got, so that a fault that loses, duplicates, invents or alters mail is seen.
 *
 * <p>Its rules, for each recipient:
 * <ul>
 * <li>every acknowledged message is taken exactly once by the deleting client: retrieved and
 *     deleted in a session whose deletions took effect, else it is <em>lost</em>;</li>
 * <li>once taken, it is never retrieved again by any client, else it is <em>duplicated</em>
 *     (resurrected);</li>
 * <li>nothing is retrieved that was not acknowledged, byte for byte, else it is <em>unexpected</em>
 *     (an altered message is unexpected, and the original then lost).</li>
 * </ul>
 *
 * <p>Whether a session's deletions took effect depends on how it ended. After {@code +OK} to QUIT
 * they did. A session left without QUIT (the client or the daemon gone) must delete nothing, so
 * its messages must be taken by a later session. When QUIT was sent but never answered (the
 * daemon killed in UPDATE) the store may have applied any of them; the ledger learns which from
 * what later sessions still see, which is why a test ends with a deleting session that drains
 * the maildrop and gets its {@code +OK}.
 *
 * <p>Messages are told apart by a digest of their content, so the messages of a test must all
 * differ (the ones of {@code TestMessages} name their recipient and number). A retrieved message
 * is compared without the trace fields ({@code Return-Path}, {@code Delivered-To},
 * {@code Received}) that delivery puts on top, and with CRLF line ends on both sides, as POP3
 * transmits it.
 */
final class MailLedger {

    private final Map<Key, String> acknowledged = new LinkedHashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    /** Orders the events of all sessions: a retrieval after a session's end has a larger tick. */
    private long clock;

    /** The MTA got 250 for {@code message} to {@code recipient}. */
    synchronized void acknowledged(String recipient, byte[] message) {
        Key key = new Key(normalised(recipient), digest(canonical(message, false)));
        if (acknowledged.putIfAbsent(key, label(message)) != null) {
            throw new IllegalArgumentException("the same message twice to " + recipient
                    + ": the ledger could not tell the copies apart; make the test's messages differ");
        }
    }

    synchronized long acknowledgedCount() {
        return acknowledged.size();
    }

    /** A session of the client that deletes every message it retrieves. */
    synchronized Session deleting(String recipient) {
        return open(recipient, true);
    }

    /** A session of a client that leaves mail on the server. */
    synchronized Session leaving(String recipient) {
        return open(recipient, false);
    }

    private Session open(String recipient, boolean deletes) {
        Session session = new Session(normalised(recipient), deletes, ++clock);
        sessions.add(session);
        return session;
    }

    /** How a session ended, as the client saw it. */
    enum Ending {
        /** No QUIT: the connection dropped, or the daemon died in the TRANSACTION state. Nothing may be deleted. */
        ABANDONED,
        /** {@code +OK} to QUIT: every deletion took effect. */
        COMMITTED,
        /** QUIT sent, no answer: the store may have applied some, all or none of the deletions. */
        IN_DOUBT
    }

    /** One POP3 session's doings, recorded by the test as they happen. */
    final class Session {

        private final String recipient;
        private final boolean deletes;
        private final long opened;
        private final Set<String> retrieved = new LinkedHashSet<>();
        private final List<Long> retrievedAt = new ArrayList<>();
        /** Messages this session got more than once: two copies in one maildrop. */
        private final Set<String> twice = new LinkedHashSet<>();
        private Ending ending = Ending.ABANDONED;
        private long ended = Long.MAX_VALUE;

        private Session(String recipient, boolean deletes, long opened) {
            this.recipient = recipient;
            this.deletes = deletes;
            this.opened = opened;
        }

        /** RETR gave {@code content} (dot-unstuffed, CRLF); a deleting client has then sent DELE for it. */
        void retrieved(byte[] content) {
            synchronized (MailLedger.this) {
                String digest = digest(canonical(content, true));
                if (retrieved.add(digest)) {
                    retrievedAt.add(++clock);
                } else {
                    twice.add(digest);
                }
            }
        }

        void quitConfirmed() {
            end(Ending.COMMITTED);
        }

        void quitUnanswered() {
            end(Ending.IN_DOUBT);
        }

        void abandoned() {
            end(Ending.ABANDONED);
        }

        private void end(Ending how) {
            synchronized (MailLedger.this) {
                ending = how;
                ended = ++clock;
            }
        }

        int retrievedCount() {
            synchronized (MailLedger.this) {
                return retrieved.size();
            }
        }

        private boolean seenAfter(String digest, long tick) {
            List<String> digests = new ArrayList<>(retrieved);
            for (int i = 0; i < digests.size(); i++) {
                if (digests.get(i).equals(digest) && retrievedAt.get(i) > tick) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A session whose QUIT was never answered: of its {@code deleted} messages, {@code applied}
     * were gone afterwards.
     */
    record InDoubt(String recipient, int deleted, int applied) {

        boolean allOrNone() {
            return applied == 0 || applied == deleted;
        }
    }

    /** What the ledger found; each list names the messages, to read in a failure message. */
    record Verdict(long acknowledged, List<String> lost, List<String> duplicated, List<String> unexpected, List<InDoubt> inDoubt,
                   Map<String, Long> acknowledgedByRecipient) {

        /** The part of it that concerns {@code recipient}: one fault's figures when each fault has a mailbox of its own. */
        Verdict of(String recipient) {
            String who = normalised(recipient);
            return new Verdict(acknowledgedByRecipient.getOrDefault(who, 0L), concerning(lost, who), concerning(duplicated, who),
                    concerning(unexpected, who), inDoubt.stream().filter(d -> d.recipient().equals(who)).toList(),
                    Map.of(who, acknowledgedByRecipient.getOrDefault(who, 0L)));
        }

        private static List<String> concerning(List<String> messages, String recipient) {
            return messages.stream().filter(m -> m.startsWith(recipient + " ")).toList();
        }

        boolean clean() {
            return lost.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty();
        }

        @Override
        public String toString() {
            return "acknowledged " + acknowledged + ", lost " + lost.size() + " " + lost + ", duplicated " + duplicated.size()
                    + " " + duplicated + ", unexpected " + unexpected.size() + " " + unexpected + ", QUIT unanswered " + inDoubt;
        }
    }

    synchronized Verdict verdict() {
        Map<Key, Integer> takes = new LinkedHashMap<>();
        Map<Key, Long> takenAt = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<InDoubt> inDoubt = new ArrayList<>();
        Set<Key> copiesInOneSession = new LinkedHashSet<>();
        for (Session session : sessions) {
            int applied = 0;
            for (String digest : session.retrieved) {
                Key key = new Key(session.recipient, digest);
                if (!acknowledged.containsKey(key)) {
                    unexpected.add(session.recipient + " " + digest.substring(0, 12));
                    continue;
                }
                if (session.twice.contains(digest)) {
                    copiesInOneSession.add(key);
                }
                if (session.deletes && tookEffect(session, digest)) {
                    takes.merge(key, 1, Integer::sum);
                    takenAt.merge(key, session.ended, Math::min);
                    applied++;
                }
            }
            if (session.deletes && session.ending == Ending.IN_DOUBT) {
                inDoubt.add(new InDoubt(session.recipient, session.retrieved.size(), applied));
            }
        }
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        acknowledged.forEach((key, label) -> {
            int taken = takes.getOrDefault(key, 0);
            if (taken == 0) {
                lost.add(key.recipient + " " + label);
            } else if (taken > 1 || copiesInOneSession.contains(key) || retrievedAfter(key, takenAt.get(key))) {
                duplicated.add(key.recipient + " " + label);
            }
        });
        Map<String, Long> byRecipient = new LinkedHashMap<>();
        acknowledged.keySet().forEach(key -> byRecipient.merge(key.recipient, 1L, Long::sum));
        return new Verdict(acknowledged.size(), List.copyOf(lost), List.copyOf(duplicated), List.copyOf(unexpected),
                List.copyOf(inDoubt), Map.copyOf(byRecipient));
    }

    /** Whether {@code session}'s DELE of the message was applied. */
    private boolean tookEffect(Session session, String digest) {
        return switch (session.ending) {
            case COMMITTED -> true;
            case ABANDONED -> false;
            case IN_DOUBT -> !retrievedAfter(new Key(session.recipient, digest), session.ended);
        };
    }

    private boolean retrievedAfter(Key key, long tick) {
        for (Session session : sessions) {
            if (session.recipient.equals(key.recipient) && session.seenAfter(key.digest, tick)) {
                return true;
            }
        }
        return false;
    }

    private record Key(String recipient, String digest) {
    }

    private static String normalised(String recipient) {
        return recipient.toLowerCase(Locale.ROOT);
    }

    /** The Message-ID, or the first line, to name a message in a verdict. */
    private static String label(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                return line.substring(11).trim();
            }
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).trim();
    }

    /**
     * The message with CRLF line ends and a final line end; when {@code delivered}, without the
     * trace fields at its top, which are the store's and not the sender's.
     */
    static byte[] canonical(byte[] message, boolean delivered) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        StringBuilder crlf = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                crlf.append('\r');
            }
            crlf.append(c);
        }
        if (crlf.length() > 0 && crlf.charAt(crlf.length() - 1) != '\n') {
            crlf.append("\r\n");
        }
        String canonical = crlf.toString();
        if (delivered) {
            canonical = withoutTraceFields(canonical);
        }
        return canonical.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String withoutTraceFields(String message) {
        int start = 0;
        boolean inTrace = false;
        while (start < message.length()) {
            int end = message.indexOf("\r\n", start);
            if (end < 0) {
                break;
            }
            String line = message.substring(start, end);
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation ? inTrace : isTraceField(line)) {
                inTrace = true;
                start = end + 2;
            } else {
                break;
            }
        }
        return message.substring(start);
    }

    private static boolean isTraceField(String line) {
        for (String name : List.of("Return-Path:", "Delivered-To:", "Received:")) {
            if (line.regionMatches(true, 0, name, 0, name.length())) {
                return true;
            }
        }
        return false;
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
