package org.postbox.pop3.server.sasl;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;

/**
 * What an exchange may ask of the session it runs in. The session applies its rules here, once
 * for every mechanism: the listener's default domain, SASLprep in UTF-8 mode, the per-mailbox
 * session limit, and the authenticator's delays, penalties and failed-login log.
 */
public interface SaslContext {

    /** The mailbox a client-given user name stands for, or empty when it cannot name one. */
    Optional<MailboxAddress> mailbox(String user);

    /** A password as the session compares it (SASLprep once the client has sent UTF8). */
    String password(String password);

    /** Checks a password (PLAIN, LOGIN); an empty mailbox fails like a wrong password. */
    CompletionStage<AuthResult> checkPassword(Optional<MailboxAddress> mailbox, String password, String method);

    /** The stored credential of {@code mailbox}, for a mechanism that checks a proof itself. */
    CompletionStage<Lookup> lookUp(MailboxAddress mailbox);

    /**
     * Ends an attempt whose proof the mechanism checked (see {@code Authenticator#conclude}). A
     * bearer-token mechanism also gives the mailbox the token was issued for, so that a failure's
     * log line names it beside the name the client asked for.
     *
     * @param mailbox   the mailbox the client asked for; for a bearer token, the token's when it asked for none
     * @param tokenUser the mailbox a bearer token names, empty when it names none (or is not valid)
     *                  and for every other mechanism
     */
    CompletionStage<AuthResult> conclude(Optional<MailboxAddress> mailbox, Optional<MailboxAddress> tokenUser,
            boolean verified, String method);

    /** {@link #conclude(Optional, Optional, boolean, String)} without a bearer token. */
    default CompletionStage<AuthResult> conclude(Optional<MailboxAddress> mailbox, boolean verified, String method) {
        return conclude(mailbox, Optional.empty(), verified, method);
    }

    /** Where the exchange's continuations run: the session's worker, with its log context. */
    Executor executor();
}
