package org.postbox.pop3.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** Builds {@link Pop3Settings} for tests, starting from the defaults of a plain POP3 listener. */
public final class TestSettings {

    private String listenerName = "pop3-test";
    private Optional<String> defaultDomain = Optional.empty();
    private Predicate<InetAddress> plaintextAllowed = address -> true;
    private Duration loginTimeout = Duration.ofSeconds(60);
    private Duration idleTimeout = Duration.ofMinutes(10);
    private int maxBadCommands = 10;
    private int maxLineLength = 255;
    private int maxConnections = 100;
    private String implementation = "Postbox test";
    private int listenBacklog = 4096;

    public static TestSettings defaults() {
        return new TestSettings();
    }

    public TestSettings defaultDomain(String domain) {
        defaultDomain = Optional.of(domain);
        return this;
    }

    public TestSettings plaintextAllowed(boolean allowed) {
        plaintextAllowed = address -> allowed;
        return this;
    }

    public TestSettings plaintextAllowed(Predicate<InetAddress> allowed) {
        plaintextAllowed = allowed;
        return this;
    }

    public TestSettings loginTimeout(Duration timeout) {
        loginTimeout = timeout;
        return this;
    }

    public TestSettings idleTimeout(Duration timeout) {
        idleTimeout = timeout;
        return this;
    }

    public TestSettings maxBadCommands(int max) {
        maxBadCommands = max;
        return this;
    }

    public TestSettings maxLineLength(int max) {
        maxLineLength = max;
        return this;
    }

    public TestSettings maxConnections(int max) {
        maxConnections = max;
        return this;
    }

    public TestSettings listenBacklog(int connections) {
        listenBacklog = connections;
        return this;
    }

    public TestSettings implementation(String text) {
        implementation = text;
        return this;
    }

    public Pop3Settings build() {
        return new Pop3Settings(listenerName, defaultDomain, plaintextAllowed, loginTimeout, idleTimeout,
                maxBadCommands, maxLineLength, maxConnections, implementation, listenBacklog);
    }
}
