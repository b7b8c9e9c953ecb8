package org.postbox.pop3.server.sasl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.PasswordSchemes;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;
import org.postbox.pop3.server.TestSecret;

/** A session as a mechanism sees it: stored hashes in a map, default domain example.com, every call recorded. */
final class FakeSaslContext implements SaslContext {

    final Map<MailboxAddress, String> stored = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    FakeSaslContext store(String address, String hash) {
        stored.put(MailboxAddress.parse(address), hash);
        return this;
    }

    @Override
    public Optional<MailboxAddress> mailbox(String user) {
        try {
            return Optional.of(MailboxAddress.parse(user.indexOf('@') < 0 ? user + "@example.com" : user));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String password(String password) {
        return password;
    }

    @Override
    public CompletionStage<AuthResult> checkPassword(Optional<MailboxAddress> mailbox, String password, String method) {
        calls.add("check " + mailbox.map(Object::toString).orElse("-") + " " + method);
        String hash = mailbox.map(stored::get).orElse(null);
        boolean ok = hash != null && PasswordSchemes.verify(hash, password);
        return CompletableFuture.completedFuture(ok ? new AuthResult.Success(mailbox.get()) : new AuthResult.Failure());
    }

    @Override
    public CompletionStage<Lookup> lookUp(MailboxAddress mailbox) {
        calls.add("lookUp " + mailbox);
        String hash = stored.get(mailbox);
        return CompletableFuture.completedFuture(hash == null ? new Lookup.Missing() : new Lookup.Found(mailbox, new TestSecret(hash)));
    }

    @Override
    public CompletionStage<AuthResult> conclude(Optional<MailboxAddress> mailbox, boolean verified, String method) {
        calls.add("conclude " + mailbox.map(Object::toString).orElse("-") + " " + verified + " " + method);
        return CompletableFuture.completedFuture(verified ? new AuthResult.Success(mailbox.orElseThrow())
                : new AuthResult.Failure());
    }

    @Override
    public CompletionStage<AuthResult> conclude(Optional<MailboxAddress> mailbox, Optional<MailboxAddress> tokenUser,
            boolean verified, String method) {
        calls.add("conclude " + mailbox.map(Object::toString).orElse("-") + " token="
                + tokenUser.map(Object::toString).orElse("-") + " " + verified + " " + method);
        return CompletableFuture.completedFuture(verified ? new AuthResult.Success(mailbox.orElseThrow())
                : new AuthResult.Failure());
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }
}
