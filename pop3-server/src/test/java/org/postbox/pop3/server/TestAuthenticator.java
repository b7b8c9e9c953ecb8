package org.postbox.pop3.server;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.SaslPrep;

/**
 * Checks passwords against a plain map. Answers on another thread, as the real authenticator
 * does after its hash and failure delay, so the engine's asynchronous login path is exercised.
 */
public final class TestAuthenticator implements Authenticator {

    private final Map<MailboxAddress, String> passwords = new ConcurrentHashMap<>();
    private final Set<MailboxAddress> unavailable = ConcurrentHashMap.newKeySet();
    private final Executor answerer = CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.MILLISECONDS);

    public TestAuthenticator password(MailboxAddress address, String password) {
        passwords.put(address, password);
        return this;
    }

    public TestAuthenticator unavailable(MailboxAddress address) {
        unavailable.add(address);
        return this;
    }

    /** SASLprep, as the daemon's authenticator prepares names and passwords after UTF8. */
    @Override
    public Optional<String> prepare(String text) {
        return SaslPrep.prepare(text);
    }

    /** The stored form challenge-response mechanisms (SCRAM, CRAM-MD5, APOP) can use: the plaintext. */
    @Override
    public CompletionStage<Lookup> lookUp(MailboxAddress address, InetSocketAddress remote) {
        return CompletableFuture.supplyAsync(() -> {
            if (unavailable.contains(address)) {
                return new Lookup.Unavailable("test directory offline");
            }
            String password = passwords.get(address);
            return password == null ? new Lookup.Missing() : new Lookup.Found(address,
                    new TestSecret("{PLAIN}" + password));
        }, answerer);
    }

    @Override
    public CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, InetSocketAddress remote) {
        return CompletableFuture.supplyAsync(() -> {
            if (unavailable.contains(address)) {
                return new AuthResult.Unavailable("test directory offline");
            }
            return password.equals(passwords.get(address)) ? new AuthResult.Success(address) : new AuthResult.Failure();
        }, answerer);
    }
}
