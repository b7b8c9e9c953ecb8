package org.postbox.pop3.server.command;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.ClientKey;
import org.postbox.pop3.server.ClientLimits;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.session.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every kind of login ends, whichever command carried it (PASS, APOP, AUTH): success opens
 * the maildrop once LOGIN-DELAY allows it; a failure counts against the connection's attempts
 * and closes it when they are used up. One place, so that the rules cannot drift apart.
 */
final class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    /** Why an attempt was not even made: the mailbox has all its sessions from this client. */
    static final String MAILBOX_LIMIT = "too many sessions of this mailbox from your address";

    /** The answer to right credentials of a mailbox whose POP3 access is off: not a wrong password. */
    static final Pop3Reply.Err POP3_DISABLED = new Pop3Reply.Err(ResponseCode.AUTH,
            "POP3 access is disabled for this mailbox");

    private final MailStore store;
    private final SessionHistory history;
    private final MailboxLoginDelays loginDelays;

    Logins(MailStore store, SessionHistory history, MailboxLoginDelays loginDelays) {
        this.store = Objects.requireNonNull(store, "store");
        this.history = Objects.requireNonNull(history, "history");
        this.loginDelays = Objects.requireNonNull(loginDelays, "loginDelays");
    }

    /** Takes the session's place against the per-mailbox limit before an attempt; false when none is left. */
    static boolean claim(Pop3Session session, MailboxAddress mailbox) {
        return session.login().claim(mailbox, ClientKey.of(session.remote().getAddress()));
    }

    /** The reply to an authenticator's verdict. */
    Pop3Reply after(AuthResult result, String method, Pop3Session session) {
        if (result instanceof AuthResult.Success success) {
            return loggedIn(success.address(), method, session);
        }
        if (result instanceof AuthResult.Unavailable unavailable) {
            return unavailable(unavailable.reason(), session);
        }
        if (result instanceof AuthResult.Pop3Disabled disabled) {
            return pop3Disabled(disabled.address(), method, session);
        }
        return failed(session, ErrorReplies.AUTHENTICATION_FAILED);
    }

    /** The credentials for {@code address} are right: open the maildrop, enter TRANSACTION. */
    Pop3Reply loggedIn(MailboxAddress address, String method, Pop3Session session) {
        Duration wait = session.login().policy().limits().loginDelays().remaining(address);
        if (wait.isZero()) {
            // The store's delay (the domain's, or the mailbox's own), checked before the maildrop is opened.
            wait = loginDelays.remaining(address);
        }
        if (!wait.isZero()) {
            session.login().releaseClaim();
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            LOG.info("login refused by LOGIN-DELAY user={} wait_s={}", address, seconds);
            return new Pop3Reply.Err(ResponseCode.LOGIN_DELAY, "wait " + seconds + " more seconds before logging in again");
        }
        if (!claim(session, address)) {
            return limitReached(session);
        }
        ClientLimits.Claim claim = session.login().takeClaim().orElseThrow();
        Maildrop maildrop;
        try {
            maildrop = store.open(address);
        } catch (RuntimeException failure) {
            claim.release();
            throw failure;
        }
        session.enterTransaction(address, new ClaimedMaildrop(maildrop, claim));
        session.login().policy().limits().loginDelays().loggedIn(address);
        LOG.info("login user={} method={}", address, method);
        history.loggedIn(session, address, method);
        return new Pop3Reply.Ok(address + " has " + session.visibleCount() + " messages (" + session.visibleOctets()
                + " octets)");
    }

    /** A failed attempt: counted, and the connection closed once it has had its share. */
    Pop3Reply failed(Pop3Session session, Pop3Reply.Err reply) {
        session.login().releaseClaim();
        if (session.login().failedAttemptExhausts()) {
            session.requestClose(EndReason.AUTH_FAILURES);
            return new Pop3Reply.Err(reply.code(), reply.text() + ", closing connection");
        }
        return reply;
    }

    /**
     * Right credentials, POP3 access off: the client is told so, and the attempt does not count
     * against the connection's failed logins (it guessed nothing).
     */
    Pop3Reply pop3Disabled(MailboxAddress address, String method, Pop3Session session) {
        session.login().releaseClaim();
        LOG.info("login refused, POP3 access disabled user={} method={}", address, method);
        return POP3_DISABLED;
    }

    Pop3Reply unavailable(String reason, Pop3Session session) {
        session.login().releaseClaim();
        if (MAILBOX_LIMIT.equals(reason)) {
            return limitReached(session);
        }
        LOG.warn("authentication unavailable: {}", reason);
        return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "authentication temporarily unavailable, try again later");
    }

    private static Pop3Reply limitReached(Pop3Session session) {
        LOG.info("login refused: {}", MAILBOX_LIMIT);
        return new Pop3Reply.Err(ResponseCode.IN_USE, MAILBOX_LIMIT);
    }

    /** The mailbox a client-given name stands for: the default domain applied, empty when it cannot be one. */
    static Optional<MailboxAddress> mailbox(String name, Pop3Session session) {
        String full = name;
        if (name.indexOf('@') < 0) {
            Optional<String> domain = session.settings().defaultDomain();
            if (domain.isEmpty()) {
                return Optional.empty();
            }
            full = name + "@" + domain.get();
        }
        try {
            return Optional.of(MailboxAddress.parse(full));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }
}
