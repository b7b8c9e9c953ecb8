package org.postbox.pop3.server.command;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code PASS secret} (RFC 1939 section 7), valid only right after a successful USER. The
 * authenticator answers asynchronously (its failure delay is a timer, not a sleeping thread); on
 * success the maildrop is opened and locked on the worker pool, and the session enters
 * TRANSACTION.
 *
 * <pre>
 * C: PASS secret
 * S: +OK alice@example.com has 2 messages (320 octets)
 * </pre>
 */
final class PassCommand implements CommandHandler<Pop3Command.Pass> {

    private final Authenticator authenticator;
    private final Logins logins;

    PassCommand(Authenticator authenticator, Logins logins) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.logins = Objects.requireNonNull(logins, "logins");
    }

    @Override
    public CompletionStage<Pop3Reply> handle(Pop3Command.Pass command, Pop3Session session) {
        Optional<MailboxAddress> user = session.takeUserForPass();
        if (user.isEmpty()) {
            return CompletableFuture.completedFuture(Pop3Reply.Err.of("PASS must directly follow a successful USER"));
        }
        if (!Logins.claim(session, user.get())) {
            return CompletableFuture.completedFuture(logins.unavailable(Logins.MAILBOX_LIMIT, session));
        }
        // Dovecot logs USER/PASS as PLAIN too, and fail2ban filters expect that.
        return authenticator.authenticate(user.get(), SessionSaslContext.prepared(command.password(), session, authenticator), "PLAIN",
                        session.remote())
                .thenApplyAsync(result -> logins.after(result, "USER", session), session.executor());
    }
}
