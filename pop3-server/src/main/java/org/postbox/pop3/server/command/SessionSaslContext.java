package org.postbox.pop3.server.command;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;
import org.postbox.pop3.server.sasl.SaslContext;
import org.postbox.pop3.server.session.Pop3Session;

/** A SASL exchange's view of its session: the session's rules applied once for every mechanism. */
final class SessionSaslContext implements SaslContext {

    private final Pop3Session session;
    private final Authenticator authenticator;

    SessionSaslContext(Pop3Session session, Authenticator authenticator) {
        this.session = Objects.requireNonNull(session, "session");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public Optional<MailboxAddress> mailbox(String user) {
        String name = session.login().utf8() ? authenticator.prepare(user).orElse(null) : user;
        return name == null ? Optional.empty() : Logins.mailbox(name, session);
    }

    @Override
    public String password(String password) {
        return prepared(password, session, authenticator);
    }

    /** RFC 6856 section 2: after UTF8, user names and passwords are compared as SASLprep prepares them. */
    static String prepared(String password, Pop3Session session, Authenticator authenticator) {
        return session.login().utf8() ? authenticator.prepare(password).orElse(password) : password;
    }

    @Override
    public CompletionStage<AuthResult> checkPassword(Optional<MailboxAddress> mailbox, String password, String method) {
        if (mailbox.isEmpty()) {
            return conclude(mailbox, false, method);
        }
        if (!Logins.claim(session, mailbox.get())) {
            return CompletableFuture.completedFuture(new AuthResult.Unavailable(Logins.MAILBOX_LIMIT));
        }
        return authenticator.authenticate(mailbox.get(), password, method, session.remote());
    }

    @Override
    public CompletionStage<Lookup> lookUp(MailboxAddress mailbox) {
        if (!Logins.claim(session, mailbox)) {
            return CompletableFuture.completedFuture(new Lookup.Unavailable(Logins.MAILBOX_LIMIT));
        }
        return authenticator.lookUp(mailbox, session.remote());
    }

    @Override
    public CompletionStage<AuthResult> conclude(Optional<MailboxAddress> mailbox, Optional<MailboxAddress> tokenUser,
            boolean verified, String method) {
        return authenticator.conclude(mailbox, tokenUser, verified, method, session.remote());
    }

    @Override
    public Executor executor() {
        return session.executor();
    }
}
