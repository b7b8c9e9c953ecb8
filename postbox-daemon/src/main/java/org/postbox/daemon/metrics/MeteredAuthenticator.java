package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.Authenticator;

/**
 * Counts the verdict of every login attempt by mechanism and result ({@code postbox_logins_total}),
 * around the real authenticator. A verdict is the authenticator's: the credentials were right, wrong,
 * or could not be checked; whether the maildrop could then be opened is counted elsewhere (lock
 * conflicts). USER/PASS logins count as {@code PLAIN}, as Dovecot logs them.
 */
final class MeteredAuthenticator implements Authenticator {

    /** The mechanisms Postbox implements and APOP; anything else is counted as OTHER, never by its name. */
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "LOGIN", "SCRAM-SHA-256", "CRAM-MD5", "OAUTHBEARER",
            "XOAUTH2", "APOP", "USER");

    private final Authenticator delegate;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    MeteredAuthenticator(Authenticator delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        for (String result : new String[] {"success", "failure"}) {
            counter("PLAIN", result);
        }
    }

    @Override
    public CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, InetSocketAddress remote) {
        return counted(delegate.authenticate(address, password, remote), "PLAIN");
    }

    @Override
    public CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, String method,
            InetSocketAddress remote) {
        return counted(delegate.authenticate(address, password, method, remote), method);
    }

    @Override
    public Optional<String> prepare(String text) {
        return delegate.prepare(text);
    }

    @Override
    public CompletionStage<Lookup> lookUp(MailboxAddress address, InetSocketAddress remote) {
        return delegate.lookUp(address, remote);
    }

    @Override
    public CompletionStage<AuthResult> conclude(Optional<MailboxAddress> address, Optional<MailboxAddress> tokenUser,
            boolean verified, String method, InetSocketAddress remote) {
        return counted(delegate.conclude(address, tokenUser, verified, method, remote), method);
    }

    private CompletionStage<AuthResult> counted(CompletionStage<AuthResult> attempt, String method) {
        String mechanism = mechanism(method);
        attempt.whenComplete((result, failure) -> counter(mechanism, resultOf(result, failure)).increment());
        return attempt;
    }

    private static String resultOf(AuthResult result, Throwable failure) {
        if (result instanceof AuthResult.Success) {
            return "success";
        }
        if (result instanceof AuthResult.Failure) {
            return "failure";
        }
        return "unavailable";
    }

    static String mechanism(String method) {
        String name = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return MECHANISMS.contains(name) ? name : "OTHER";
    }

    private Counter counter(String mechanism, String result) {
        return counters.computeIfAbsent(mechanism + ' ' + result, key -> Counter.builder(MeterNames.LOGINS)
                .description("Login attempts by mechanism and verdict: success, failure (wrong credentials), or"
                        + " unavailable (could not be checked now)")
                .tag("mechanism", mechanism).tag("result", result).register(registry));
    }
}
