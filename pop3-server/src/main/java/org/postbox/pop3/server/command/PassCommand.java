package org.postbox.pop3.server.command;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(PassCommand.class);

    private final Authenticator authenticator;
    private final MailStore store;

    PassCommand(Authenticator authenticator, MailStore store) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Set<SessionState> validIn() {
        return States.AUTHORIZATION;
    }

    @Override
    public CompletionStage<Pop3Reply> handle(Pop3Command.Pass command, Pop3Session session) {
        Optional<MailboxAddress> user = session.takeUserForPass();
        if (user.isEmpty()) {
            return CompletableFuture.completedFuture(Pop3Reply.Err.of("PASS must directly follow a successful USER"));
        }
        return authenticator.authenticate(user.get(), command.password(), session.remote())
                .thenApplyAsync(result -> afterAuthentication(result, session), session.executor());
    }

    private Pop3Reply afterAuthentication(AuthResult result, Pop3Session session) {
        if (result instanceof AuthResult.Success success) {
            MailboxAddress address = success.address();
            Maildrop maildrop = store.open(address);
            session.enterTransaction(address, maildrop);
            LOG.info("login user={}", address);
            return new Pop3Reply.Ok(address + " has " + session.visibleCount() + " messages ("
                    + session.visibleOctets() + " octets)");
        }
        if (result instanceof AuthResult.Unavailable unavailable) {
            LOG.warn("authentication unavailable: {}", unavailable.reason());
            return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "authentication temporarily unavailable, try again later");
        }
        return ErrorReplies.AUTHENTICATION_FAILED;
    }
}
