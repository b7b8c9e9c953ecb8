package org.postbox.lmtp.session;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.session.LogContext;
import org.postbox.session.command.CommandCounts;
import org.postbox.session.command.CommandSession;
import org.postbox.session.EndReason;

/**
 * The state of one LMTP connection: its phase in the command sequence, the client's LHLO name,
 * the current transaction, and the counts for the summary line.
 *
 * <p>Not thread-safe: only the task that currently works for the connection touches it, and the
 * connection's tasks run one after another.
 */
public final class LmtpSession implements CommandSession<Phase> {

    private final String id;
    private final InetSocketAddress remote;
    private final LmtpSettings settings;
    private final LogContext logContext;
    private final long startNanos = System.nanoTime();

    private Phase phase = Phase.GREETED;
    private String clientName;
    private Transaction transaction;
    private EndReason closeRequest;

    private final CommandCounts counts;
    private int messages;
    private int delivered;
    private int notDelivered;
    private long messageOctets;

    public LmtpSession(String id, InetSocketAddress remote, LmtpSettings settings) {
        this(id, remote, settings, new LogContext(id, LogContext.describe(remote)));
    }

    public LmtpSession(String id, InetSocketAddress remote, LmtpSettings settings, LogContext logContext) {
        this.id = Objects.requireNonNull(id, "id");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counts = new CommandCounts(settings.maxBadCommands());
        this.logContext = Objects.requireNonNull(logContext, "logContext");
    }

    public String id() {
        return id;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public LmtpSettings settings() {
        return settings;
    }

    /** The phase in the command sequence, which the dispatch step checks commands against. */
    @Override
    public Phase state() {
        return phase;
    }

    @Override
    public CommandCounts counts() {
        return counts;
    }

    @Override
    public LogContext logContext() {
        return logContext;
    }

    /** True after DATA was accepted, until the message has ended: the decoder must read message text. */
    public boolean receivingMessage() {
        return phase == Phase.RECEIVING;
    }

    /** The session should end after its current reply: QUIT, too many bad commands, a failure. */
    public void requestClose(EndReason reason) {
        if (closeRequest == null) {
            closeRequest = Objects.requireNonNull(reason, "reason");
        }
    }

    public Optional<EndReason> closeRequest() {
        return Optional.ofNullable(closeRequest);
    }

    /** Discards an unfinished transaction (its spooled message too). Called when the connection ends. */
    public void end() {
        discardTransaction();
    }

    /** The fields of the session summary line. */
    public String summary() {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return "client=" + (clientName == null ? "-" : clientName) + " messages=" + messages
                + " delivered=" + delivered + " not_delivered=" + notDelivered + " octets_in=" + messageOctets
                + " commands=" + counts.commands() + " bad_commands=" + counts.badCommands() + " duration_ms=" + millis;
    }

    // ---- for the engine and the commands -----------------------------------------------------

    void phase(Phase next) {
        phase = Objects.requireNonNull(next, "next");
    }

    Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    /** LHLO: a new client name, and a fresh start (RFC 5321 section 4.1.4). */
    void greetedBy(String name) {
        discardTransaction();
        clientName = name;
        phase = Phase.READY;
    }

    void beginTransaction(Transaction next) {
        discardTransaction();
        transaction = next;
        phase = Phase.MAIL;
    }

    /** The current transaction; only valid in the MAIL, RECIPIENTS and RECEIVING phases. */
    Transaction transaction() {
        if (transaction == null) {
            throw new IllegalStateException("no mail transaction in phase " + phase);
        }
        return transaction;
    }

    /** RSET, LHLO, the end of a message or of the connection: back to READY (if LHLO was given). */
    void discardTransaction() {
        if (transaction != null) {
            transaction.discard();
            transaction = null;
        }
        if (phase != Phase.GREETED) {
            phase = Phase.READY;
        }
    }

    void countMessage(long octets) {
        messages++;
        messageOctets += octets;
    }

    void countDelivery(boolean stored) {
        if (stored) {
            delivered++;
        } else {
            notDelivered++;
        }
    }
}
