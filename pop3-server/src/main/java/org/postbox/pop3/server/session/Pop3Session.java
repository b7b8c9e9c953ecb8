package org.postbox.pop3.server.session;

import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.pop3.server.AccessPolicy;
import org.postbox.pop3.server.Pop3Settings;
import org.postbox.session.LogContext;
import org.postbox.session.command.CommandCounts;
import org.postbox.session.command.CommandSession;
import org.postbox.session.EndReason;

/**
 * The state of one POP3 connection: the RFC 1939 state, the login in progress, the maildrop
 * snapshot with its deletion marks, and the counters of the session summary.
 *
 * <p>Not thread-safe by design: the session engine runs one command at a time per session, and
 * every hand-over between threads goes through a lock or an executor, which orders the
 * accesses.
 *
 * <p>Message numbers are 1-based as in RFC 1939 and fixed for the whole session; bit {@code n}
 * of the deletion set is message {@code n}, bit 0 is never used.
 */
public final class Pop3Session implements CommandSession<SessionState> {

    private final String id;
    private final Pop3Settings settings;
    private final InetSocketAddress remote;
    private final LogContext logContext;
    private final Executor executor;
    private final long startNanos = System.nanoTime();

    private SessionState state = SessionState.AUTHORIZATION;
    private MailboxAddress pendingUser;
    private long pendingUserCommand;
    private MailboxAddress user;

    private Maildrop maildrop;
    private List<MessageInfo> messages = List.of();
    private final BitSet deleted = new BitSet();
    private int visibleCount;
    private long visibleOctets;

    private final CommandCounts counts;
    private long retrieved;
    private int deletedOnCommit;
    private long octetsOut;
    private EndReason closeRequest;

    private boolean startTlsOffered;
    private boolean underTls;
    // Set by the network thread that completes the handshake, read by workers and the summary.
    private volatile TlsFacts tls;

    private final LoginState login;

    /**
     * @param executor runs this session's blocking store work off the network threads, with the
     *                 session's log context (see {@link org.postbox.session.LogContext#wrap})
     */
    public Pop3Session(String id, Pop3Settings settings, InetSocketAddress remote, Executor executor) {
        this(id, settings, AccessPolicy.defaults(), remote, new LogContext(id, LogContext.describe(remote)), executor);
    }

    /**
     * @param access     how clients may log in on this listener
     * @param remote     the real client (behind a PROXY-protocol proxy: the client the header named)
     * @param logContext the session's MDC entries
     * @param executor   runs this session's blocking store work off the network threads, with the
     *                   session's log context (see {@link LogContext#wrap})
     */
    public Pop3Session(String id, Pop3Settings settings, AccessPolicy access, InetSocketAddress remote,
            LogContext logContext, Executor executor) {
        this.login = new LoginState(access);
        this.id = Objects.requireNonNull(id, "id");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counts = new CommandCounts(settings.maxBadCommands());
        this.remote = Objects.requireNonNull(remote, "remote");
        this.logContext = Objects.requireNonNull(logContext, "logContext");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public String id() {
        return id;
    }

    public Pop3Settings settings() {
        return settings;
    }

    /** The login side of the session: mechanisms, attempts, UTF8/LANG, an AUTH exchange. */
    public LoginState login() {
        return login;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Where continuations of this session's commands run (the shared worker pool, with its MDC). */
    public Executor executor() {
        return executor;
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public LogContext logContext() {
        return logContext;
    }

    /**
     * Whether a password may be sent in plain text (USER/PASS): over TLS, or from a network the
     * listener's policy trusts.
     */
    public boolean plaintextAllowed() {
        return underTls || remote.getAddress() != null && settings.plaintextAllowed().test(remote.getAddress());
    }

    // ---- TLS ----------------------------------------------------------------------------

    /** The listener can switch this connection to TLS with STLS (RFC 2595); called before the greeting. */
    public void offerStartTls() {
        startTlsOffered = true;
    }

    /** The connection is under TLS from its first octet (RFC 8314); called before the greeting. */
    public void useImplicitTls() {
        underTls = true;
    }

    /** Whether STLS would be accepted now: offered by the listener and not under TLS yet. */
    public boolean startTlsAvailable() {
        return startTlsOffered && !underTls;
    }

    /**
     * Whether the connection is under TLS: implicit TLS, or after an accepted STLS. Every command
     * handled after an accepted STLS came through the TLS handshake, whatever was sent around it.
     */
    public boolean underTls() {
        return underTls;
    }

    /**
     * AUTHORIZATION -> AUTHORIZATION_STLS: STLS is accepted, and the engine puts TLS in place
     * before the {@code +OK} goes out.
     */
    public void acceptStartTls() {
        if (!startTlsAvailable() || state != SessionState.AUTHORIZATION) {
            throw new IllegalStateException("STLS accepted but not available in state " + state);
        }
        underTls = true;
        state = SessionState.AUTHORIZATION_STLS;
    }

    /** AUTHORIZATION_STLS -> AUTHORIZATION: a line has come through the completed TLS handshake. */
    public void startTlsCompleted() {
        if (state != SessionState.AUTHORIZATION_STLS) {
            throw new IllegalStateException("startTlsCompleted in state " + state);
        }
        state = SessionState.AUTHORIZATION;
    }

    /** Records what the handshake negotiated; may be called from a network thread. */
    public void tlsEstablished(TlsFacts facts) {
        tls = Objects.requireNonNull(facts, "facts");
    }

    /** What the TLS handshake negotiated, once it has completed. */
    public Optional<TlsFacts> tls() {
        return Optional.ofNullable(tls);
    }

    /** The logged-in mailbox, empty before a successful login. */
    public Optional<MailboxAddress> user() {
        return Optional.ofNullable(user);
    }

    // ---- commands and the login sequence ------------------------------------------------

    /** Client requests (valid or not) and bad commands so far, counted by the dispatch step. */
    @Override
    public CommandCounts counts() {
        return counts;
    }

    public long commands() {
        return counts.commands();
    }

    /**
     * AUTHORIZATION -> AUTHORIZATION_SASL: {@code exchange} sent a challenge and waits for the
     * client's answer, which the decoder must read as a SASL response (RFC 5034 section 4).
     */
    public void awaitSaslResponse(ExchangeInProgress exchange) {
        if (state != SessionState.AUTHORIZATION) {
            throw new IllegalStateException("awaitSaslResponse in state " + state);
        }
        login.awaitResponse(exchange);
        state = SessionState.AUTHORIZATION_SASL;
    }

    /**
     * AUTHORIZATION_SASL -> AUTHORIZATION: the waiting exchange, handed over to answer the
     * client's line; it then waits again or ends.
     */
    public ExchangeInProgress takeSaslExchange() {
        if (state != SessionState.AUTHORIZATION_SASL) {
            throw new IllegalStateException("takeSaslExchange in state " + state);
        }
        state = SessionState.AUTHORIZATION;
        return login.takeExchange();
    }

    /**
     * AUTHORIZATION_SASL -> AUTHORIZATION: the client sent a command line instead of an answer;
     * the exchange ends without one and frees what it holds.
     */
    public void abandonSaslExchange() {
        takeSaslExchange().abandon();
        login.exchangeEnded();
    }

    /** Remembers the name of a successful USER, which only the very next command may use. */
    public void rememberUser(MailboxAddress address) {
        pendingUser = Objects.requireNonNull(address, "address");
        pendingUserCommand = counts.commands();
    }

    public void forgetUser() {
        pendingUser = null;
    }

    /**
     * The name given by USER if that USER was the command right before this one (RFC 1939: PASS
     * is valid only immediately after a successful USER). Consumes it either way.
     */
    public Optional<MailboxAddress> takeUserForPass() {
        MailboxAddress candidate = pendingUser;
        boolean immediatelyBefore = pendingUserCommand == counts.commands() - 1;
        pendingUser = null;
        return immediatelyBefore ? Optional.ofNullable(candidate) : Optional.empty();
    }

    // ---- the maildrop -------------------------------------------------------------------

    /** AUTHORIZATION -> TRANSACTION with a freshly opened and locked maildrop. */
    public void enterTransaction(MailboxAddress address, Maildrop opened) {
        if (state != SessionState.AUTHORIZATION) {
            throw new IllegalStateException("enterTransaction in state " + state);
        }
        user = Objects.requireNonNull(address, "address");
        maildrop = Objects.requireNonNull(opened, "opened");
        messages = opened.messages();
        deleted.clear();
        visibleCount = messages.size();
        long octets = 0;
        for (MessageInfo info : messages) {
            octets += info.size();
        }
        visibleOctets = octets;
        pendingUser = null;
        state = SessionState.TRANSACTION;
    }

    /** TRANSACTION -> UPDATE (QUIT). */
    public void enterUpdate() {
        if (state != SessionState.TRANSACTION) {
            throw new IllegalStateException("enterUpdate in state " + state);
        }
        state = SessionState.UPDATE;
    }

    /** The open maildrop; only in TRANSACTION and UPDATE. */
    public Maildrop maildrop() {
        if (maildrop == null) {
            throw new IllegalStateException("no maildrop open in state " + state);
        }
        return maildrop;
    }

    /** Applies the deletion marks to the store (the UPDATE state's work). */
    public void commitDeletions() {
        maildrop().commit((BitSet) deleted.clone());
        deletedOnCommit = deleted.cardinality();
    }

    /** Closes the maildrop without deleting anything; idempotent. Releases the lock. */
    public void releaseMaildrop() {
        Maildrop open = maildrop;
        maildrop = null;
        if (open != null) {
            open.close();
        }
    }

    public boolean holdsMaildrop() {
        return maildrop != null;
    }

    /** Messages in the snapshot, deleted ones included: valid message numbers are 1..this. */
    public int messageCount() {
        return messages.size();
    }

    public boolean exists(int number) {
        return number >= 1 && number <= messages.size();
    }

    public MessageInfo message(int number) {
        if (!exists(number)) {
            throw new IllegalArgumentException("no message " + number);
        }
        return messages.get(number - 1);
    }

    public boolean isDeleted(int number) {
        return deleted.get(number);
    }

    /** Marks an existing, undeleted message deleted. */
    public void delete(int number) {
        if (!exists(number) || deleted.get(number)) {
            throw new IllegalArgumentException("cannot delete message " + number);
        }
        deleted.set(number);
        visibleCount--;
        visibleOctets -= messages.get(number - 1).size();
    }

    /** RSET: unmarks every deletion. */
    public void undeleteAll() {
        deleted.clear();
        visibleCount = messages.size();
        long octets = 0;
        for (MessageInfo info : messages) {
            octets += info.size();
        }
        visibleOctets = octets;
    }

    /** The smallest undeleted message number {@code >= from}, or -1 when there is none. */
    public int nextUndeleted(int from) {
        int candidate = deleted.nextClearBit(Math.max(from, 1));
        return candidate <= messages.size() ? candidate : -1;
    }

    /** Undeleted messages: what STAT and LIST count. */
    public int visibleCount() {
        return visibleCount;
    }

    public long visibleOctets() {
        return visibleOctets;
    }

    // ---- ending and the summary --------------------------------------------------------

    /** Asks the engine to close the connection once the current reply is written. */
    public void requestClose(EndReason reason) {
        if (closeRequest == null) {
            closeRequest = Objects.requireNonNull(reason, "reason");
        }
    }

    public Optional<EndReason> closeRequest() {
        return Optional.ofNullable(closeRequest);
    }

    public void countRetrieved() {
        retrieved++;
    }

    public long retrieved() {
        return retrieved;
    }

    /** Messages actually removed from the store by a successful commit. */
    public int deletedOnCommit() {
        return deletedOnCommit;
    }

    public void addOctetsOut(long octets) {
        octetsOut += octets;
    }

    public long octetsOut() {
        return octetsOut;
    }

    public long durationMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
