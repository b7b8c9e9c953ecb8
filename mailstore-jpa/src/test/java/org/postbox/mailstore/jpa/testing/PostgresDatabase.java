package org.postbox.mailstore.jpa.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One empty database made for a test, and how to reach it.
 *
 * @param name     the database name
 * @param url      its JDBC URL
 * @param user     a user that owns it
 * @param password that user's password; empty when the server trusts local connections
 */
public record PostgresDatabase(String name, String url, String user, String password) {

    /** The {@code store:} settings of a jpa store on this database, plus {@code extra} settings. */
    public Map<String, Object> storeSettings(Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url);
        settings.put("user", user);
        if (!password.isEmpty()) {
            settings.put("password", password);
        }
        settings.putAll(extra);
        return settings;
    }

    public Map<String, Object> storeSettings() {
        return storeSettings(Map.of());
    }

    /** A plain connection in auto-commit mode, for a test's own queries. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + url + " as " + user + "]";
    }
}
