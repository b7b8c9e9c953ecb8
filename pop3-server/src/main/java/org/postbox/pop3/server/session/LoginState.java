package org.postbox.pop3.server.session;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.AccessPolicy;
import org.postbox.pop3.server.ClientKey;
import org.postbox.pop3.server.ClientLimits;

/**
 * The login side of one session: the listener's {@link AccessPolicy}, failed attempts so far, the
 * RFC 6856 choices (UTF8, LANG), the APOP timestamp, an AUTH exchange in progress, and the
 * session's place against the per-mailbox limit. Confined to the session's engine like
 * {@link Pop3Session} itself.
 */
public final class LoginState {

    /** The language of every response text (RFC 6856 section 3); "i-default" is the same English. */
    public static final String DEFAULT_LANGUAGE = "i-default";

    private static final AtomicLong TIMESTAMPS = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private final AccessPolicy policy;
    private final Optional<String> apopTimestamp;
    private int failedAttempts;
    private boolean utf8;
    private String language = DEFAULT_LANGUAGE;
    private ExchangeInProgress exchange;
    private Boolean lineModeChange;
    private ClientLimits.Claim claim;

    LoginState(AccessPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        // RFC 1939 section 7: <process-ID.clock@hostname>, unique for every greeting.
        this.apopTimestamp = policy.apop()
                ? Optional.of("<" + PID + "." + TIMESTAMPS.incrementAndGet() + "." + System.currentTimeMillis() + "@postbox>")
                : Optional.empty();
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** The greeting: {@code base}, with the APOP timestamp appended when APOP is offered. */
    public Pop3Reply greeting(Pop3Reply base) {
        if (apopTimestamp.isEmpty() || !(base instanceof Pop3Reply.Ok ok)) {
            return base;
        }
        return new Pop3Reply.Ok(ok.text() + " " + apopTimestamp.get());
    }

    /** The timestamp of this session's greeting, when APOP is offered. */
    public Optional<String> apopTimestamp() {
        return apopTimestamp;
    }

    // ---- failed attempts ------------------------------------------------------------------

    /** Counts one failed login and tells whether the connection has now used up its attempts. */
    public boolean failedAttemptExhausts() {
        failedAttempts++;
        return failedAttempts >= policy.maxAuthAttempts();
    }

    public int failedAttempts() {
        return failedAttempts;
    }

    // ---- RFC 6856 -------------------------------------------------------------------------

    public boolean utf8() {
        return utf8;
    }

    public void enableUtf8() {
        utf8 = true;
    }

    public String language() {
        return language;
    }

    public void language(String tag) {
        language = Objects.requireNonNull(tag, "tag");
    }

    // ---- an AUTH exchange -----------------------------------------------------------------

    /**
     * The exchange waits for the client's next line: the decoder must read it as a SASL response.
     * Through {@link Pop3Session#awaitSaslResponse}, which enters the state that goes with it.
     */
    void awaitResponse(ExchangeInProgress next) {
        exchange = Objects.requireNonNull(next, "next");
        lineModeChange = Boolean.TRUE;
    }

    /** The exchange has ended (or never got going): the client's next line is a command again. */
    public void exchangeEnded() {
        lineModeChange = Boolean.FALSE;
    }

    /** The exchange waiting for a response, handed over once; through {@link Pop3Session#takeSaslExchange}. */
    ExchangeInProgress takeExchange() {
        ExchangeInProgress taken = Objects.requireNonNull(exchange, "no exchange waits");
        exchange = null;
        return taken;
    }

    /**
     * How the decoder must read lines from now on, if that changed since the last call: true for
     * SASL responses, false for commands. The engine applies it before writing the reply.
     */
    public Optional<Boolean> takeLineModeChange() {
        Boolean change = lineModeChange;
        lineModeChange = null;
        return Optional.ofNullable(change);
    }

    // ---- the per-mailbox limit ------------------------------------------------------------

    /**
     * Takes this session's place against the limit of sessions per mailbox and client; false
     * when the mailbox has them all taken from this client. A place held for another mailbox is
     * given back first.
     */
    public boolean claim(MailboxAddress mailbox, ClientKey client) {
        if (claim != null && claim.mailbox().equals(mailbox)) {
            return true;
        }
        releaseClaim();
        claim = policy.limits().claimMailbox(mailbox, client).orElse(null);
        return claim != null;
    }

    /** Hands the place over to whoever holds it from now on (the open maildrop). */
    public Optional<ClientLimits.Claim> takeClaim() {
        ClientLimits.Claim taken = claim;
        claim = null;
        return Optional.ofNullable(taken);
    }

    public void releaseClaim() {
        if (claim != null) {
            claim.release();
            claim = null;
        }
    }
}
