package org.postbox.mailstore.jpa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postbox.mailstore.StoreConfigException;

/**
 * The {@code store:} section for {@code type: jpa}, validated.
 *
 * <pre>
 * store:
 *   type: jpa
 *   url: jdbc:postgresql://db.example.net:5432/postbox   # required
 *   user: postbox                                       # default: none (the driver's default)
 *   password-file: /etc/postbox/db-password             # or password: ..., or password-env: NAME
 *   pool-size: 10                                       # default 10: connections per daemon
 *   lease: 60s                                          # default 60s: how long a crashed daemon's
 *                                                       #   maildrop locks survive it (ms, s, m, h)
 * </pre>
 *
 * @param url      the PostgreSQL JDBC URL
 * @param user     the database user, if not given by the URL or the driver's defaults
 * @param password the database password, if any
 * @param poolSize the most connections this store opens
 * @param lease    how long a maildrop lock lives without being renewed
 */
public record JpaSettings(String url, Optional<String> user, Optional<String> password, int poolSize, Duration lease) {

    static final String TYPE = "jpa";
    static final int DEFAULT_POOL_SIZE = 10;
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    private static final String PREFIX = "store.";
    private static final List<String> KEYS = List.of(
            "type", "url", "user", "password", "password-env", "password-file", "pool-size", "lease");
    private static final int MAX_POOL_SIZE = 1000;
    private static final Duration MIN_LEASE = Duration.ofSeconds(1);
    private static final Duration MAX_LEASE = Duration.ofHours(1);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    public JpaSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(lease, "lease");
    }

    /**
     * Validates the settings; every problem is a {@link StoreConfigException} naming the key
     * ({@code store.url}, ...) and what is allowed.
     */
    public static JpaSettings parse(Map<String, Object> settings, Path baseDir) {
        return parse(settings, baseDir, System::getenv);
    }

    static JpaSettings parse(Map<String, Object> settings, Path baseDir, UnaryOperator<String> environment) {
        Map<String, Object> values = settings == null ? Map.of() : settings;
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new StoreConfigException(PREFIX + key,
                        "unknown setting for the jpa store; allowed keys: " + String.join(", ", KEYS));
            }
        }
        Object type = values.get("type");
        if (type != null && !TYPE.equals(type)) {
            throw new StoreConfigException(PREFIX + "type", "must be '" + TYPE + "' for the jpa store, got '" + type + "'");
        }
        String url = text(values, "url").orElseThrow(() -> new StoreConfigException(PREFIX + "url",
                "required: the PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/postbox"));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StoreConfigException(PREFIX + "url",
                    "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, e.g. jdbc:postgresql://localhost:5432/postbox");
        }
        return new JpaSettings(url, text(values, "user"), password(values, baseDir, environment),
                poolSize(values), lease(values));
    }

    private static Optional<String> password(Map<String, Object> values, Path baseDir, UnaryOperator<String> environment) {
        List<String> given = List.of("password", "password-env", "password-file").stream()
                .filter(values::containsKey).toList();
        if (given.size() > 1) {
            throw new StoreConfigException(PREFIX + given.get(1),
                    "give the password one way only: password, password-env or password-file (found " + String.join(" and ", given) + ")");
        }
        if (values.containsKey("password")) {
            Object value = values.get("password");
            if (!(value instanceof String text)) {
                throw new StoreConfigException(PREFIX + "password", "must be text; quote it in YAML");
            }
            return Optional.of(text);
        }
        Optional<String> variable = text(values, "password-env");
        if (variable.isPresent()) {
            String password = environment.apply(variable.get());
            if (password == null || password.isEmpty()) {
                throw new StoreConfigException(PREFIX + "password-env",
                        "the environment variable " + variable.get() + " is not set or empty; set it for the daemon and the CLI");
            }
            return Optional.of(password);
        }
        Optional<String> file = text(values, "password-file");
        if (file.isPresent()) {
            return Optional.of(readPasswordFile(file.get(), baseDir));
        }
        return Optional.empty();
    }

    private static String readPasswordFile(String name, Path baseDir) {
        Path path;
        try {
            path = baseDir.resolve(name).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new StoreConfigException(PREFIX + "password-file", "'" + name + "' is not a valid path: " + e.getReason());
        }
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreConfigException(PREFIX + "password-file",
                    "cannot read " + path + " (" + e.getClass().getSimpleName() + "); it must hold the password on one line");
        }
        // Editors and `echo` end the file with a line break that is not part of the password.
        String password = content.replaceAll("[\r\n]+$", "");
        if (password.isEmpty() || password.contains("\n")) {
            throw new StoreConfigException(PREFIX + "password-file", path + " must hold the password on exactly one line");
        }
        return password;
    }

    private static int poolSize(Map<String, Object> values) {
        Object value = values.get("pool-size");
        if (value == null) {
            return DEFAULT_POOL_SIZE;
        }
        long size;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            size = ((Number) value).longValue();
        } else if (value instanceof String text && text.strip().matches("\\d{1,9}")) {
            size = Long.parseLong(text.strip());
        } else {
            throw new StoreConfigException(PREFIX + "pool-size", "must be a whole number from 1 to " + MAX_POOL_SIZE + ", got '" + value + "'");
        }
        if (size < 1 || size > MAX_POOL_SIZE) {
            throw new StoreConfigException(PREFIX + "pool-size", "must be a whole number from 1 to " + MAX_POOL_SIZE + ", got " + size);
        }
        return (int) size;
    }

    private static Duration lease(Map<String, Object> values) {
        Object value = values.get("lease");
        if (value == null) {
            return DEFAULT_LEASE;
        }
        Matcher m = DURATION.matcher(value instanceof String text ? text.strip() : "");
        if (!m.matches()) {
            throw new StoreConfigException(PREFIX + "lease",
                    "'" + value + "' is not a duration; write a number and a unit: ms, s, m or h (e.g. 60s)");
        }
        long n = Long.parseLong(m.group(1));
        Duration lease = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            throw new StoreConfigException(PREFIX + "lease", "must be from 1s to 1h, got " + value);
        }
        return lease;
    }

    private static Optional<String> text(Map<String, Object> values, String key) {
        if (!values.containsKey(key)) {
            return Optional.empty();
        }
        Object value = values.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new StoreConfigException(PREFIX + key, "must be non-empty text, got '" + value + "'");
        }
        return Optional.of(text.strip());
    }

    @Override
    public String toString() {
        // Never print the password into logs by accident.
        return "JpaSettings[url=" + Database.redacted(url) + ", user=" + user.orElse("(default)") + ", password="
                + (password.isPresent() ? "(set)" : "(none)") + ", poolSize=" + poolSize + ", lease=" + lease + "]";
    }
}
