package org.postbox.mailstore.jpa.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server someone else runs, given as a JDBC URL with a user that may create databases. Tests
 * leave it running and drop what they created.
 */
final class ExternalPostgresServer implements PostgresServer {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    private final String prefix;
    private final String database;
    private final String parameters;
    private final String user;
    private final String password;

    ExternalPostgresServer(String url, String user, String password) {
        Matcher m = URL.matcher(url);
        if (!m.matches() || m.group(2).isEmpty()) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host[:port]/database[?parameters], got " + url);
        }
        this.prefix = m.group(1);
        this.database = m.group(2);
        this.parameters = m.group(3) == null ? "" : m.group(3);
        this.user = user;
        this.password = password == null ? "" : password;
    }

    @Override
    public String url(String name) {
        return prefix + name + parameters;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String maintenanceDatabase() {
        return database;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
