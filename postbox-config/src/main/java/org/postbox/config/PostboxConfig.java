package org.postbox.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postbox.mailstore.HistoryRetention;

/**
 * The whole configuration: one YAML file, every key optional, validated at load. This class is
 * the single declarative place for keys, types and defaults; docs/configuration.md mirrors it.
 * Relative paths in the file are resolved against the installation directory (the
 * {@code postbox.home} system property, set by the bin/ scripts), so the daemon and the CLI of one
 * installation always agree on the store wherever they are started from; without an installation
 * (tests, an IDE) against the working directory.
 */
public record PostboxConfig(List<ListenerConfig> listeners, LimitsConfig limits, AuthConfig auth, StoreConfig store,
        LoggingConfig logging, TlsConfig tls, MetricsConfig metrics, WorkersConfig workers,
        Optional<AdminConfig> admin, QuotaWarningsConfig quotaWarnings, HistoryRetention history,
        RetentionConfig retention) {

    /** A configuration with the default quota warnings, mailbox histories and retention sweep. */
    public PostboxConfig(List<ListenerConfig> listeners, LimitsConfig limits, AuthConfig auth, StoreConfig store,
            LoggingConfig logging, TlsConfig tls, MetricsConfig metrics, WorkersConfig workers,
            Optional<AdminConfig> admin) {
        this(listeners, limits, auth, store, logging, tls, metrics, workers, admin, QuotaWarningsConfig.DEFAULTS,
                HistoryRetention.DEFAULTS, RetentionConfig.DEFAULTS);
    }

    /** A configuration without the admin HTTP API. */
    public PostboxConfig(List<ListenerConfig> listeners, LimitsConfig limits, AuthConfig auth, StoreConfig store,
            LoggingConfig logging, TlsConfig tls, MetricsConfig metrics, WorkersConfig workers) {
        this(listeners, limits, auth, store, logging, tls, metrics, workers, Optional.empty());
    }

    /** A configuration with the default metrics endpoint and worker pools. */
    public PostboxConfig(List<ListenerConfig> listeners, LimitsConfig limits, AuthConfig auth, StoreConfig store,
            LoggingConfig logging, TlsConfig tls) {
        this(listeners, limits, auth, store, logging, tls, MetricsConfig.DEFAULTS,
                WorkerKeys.defaults(listeners, limits.maxConnections()));
    }

    /** Environment variable naming the config file, used when no {@code --config} is given. */
    public static final String CONFIG_ENV = "POSTBOX_CONFIG";

    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");
    private static final Set<String> PROTOCOLS = Set.of("pop3", ListenerConfig.LMTP);

    /** The built-in configuration: POP3 on 127.0.0.1:1110, Maildir under ./data. */
    public static PostboxConfig defaults() {
        return fromTree(MissingNode.getInstance(), baseDir());
    }

    /**
     * The file to read when the user named none: {@code $POSTBOX_CONFIG}, else
     * {@code <postbox.home>/conf/postbox.yaml} when the {@code postbox.home} system property is set
     * (the bin/ scripts set it), else none (built-in defaults).
     */
    public static Optional<Path> defaultLocation() {
        String env = System.getenv(CONFIG_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        String home = System.getProperty("postbox.home");
        if (home != null && !home.isBlank()) {
            Path file = Path.of(home, "conf", "postbox.yaml");
            if (Files.exists(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Loads {@code file} if given, else {@link #defaultLocation()}, else the defaults. */
    public static PostboxConfig load(Optional<Path> file) {
        Optional<Path> chosen = file.or(PostboxConfig::defaultLocation);
        return chosen.isPresent() ? load(chosen.get()) : defaults();
    }

    public static PostboxConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read configuration file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code origin} names the source in errors. */
    public static PostboxConfig parse(String yaml, String origin) {
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            DuplicateKeys.reject(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException("", origin + " is not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading a String does no I/O; only the signature says it might.
            throw new ConfigException("", origin + " cannot be read: " + e.getMessage());
        }
        return fromTree(tree == null ? MissingNode.getInstance() : tree, baseDir());
    }

    /** What relative paths are resolved against: the installation, else the working directory. */
    public static Path baseDir() {
        return installationDirectory().orElse(Path.of("")).toAbsolutePath().normalize();
    }

    /** The installation (the folder holding bin/ and conf/), as the bin/ scripts name it; empty when run otherwise. */
    public static Optional<Path> installationDirectory() {
        String home = System.getProperty("postbox.home");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home).toAbsolutePath().normalize());
    }

    private static PostboxConfig fromTree(JsonNode tree, Path baseDir) {
        ConfigNode root = new ConfigNode("", tree);
        // Before the listeners: whether certificates exist decides their default TLS mode.
        TlsConfig tls = tls(root.section("tls"), baseDir);
        List<ListenerConfig> listeners = root.list("listeners", n -> listener(n, tls, baseDir),
                List.of(new ListenerConfig("pop3", "pop3", "127.0.0.1", 1110, Optional.empty(), defaultTlsMode(tls))));
        checkListeners(listeners);

        ConfigNode l = root.section("limits");
        LimitsConfig limits = new LimitsConfig(
                l.integer("max-connections", 1000, 1, 1_000_000),
                // Dovecot's: stale message numbers do not count, so 20 is only ever reached by abuse.
                l.integer("max-bad-commands", 20, 1, 1000),
                l.integer("max-line-length", 255, 255, 65_536),
                l.duration("login-timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)),
                // RFC 1939 section 3: the autologout timer must be at least 10 minutes.
                l.duration("idle-timeout", Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofDays(1)),
                l.integer("max-connections-per-ip", SecurityKeys.DEFAULT_MAX_CONNECTIONS_PER_IP, 1, 1_000_000),
                l.integer("max-connections-per-mailbox-ip", SecurityKeys.DEFAULT_MAX_CONNECTIONS_PER_MAILBOX_IP, 1, 1000),
                l.integer("max-auth-attempts", SecurityKeys.DEFAULT_MAX_AUTH_ATTEMPTS, 1, 100),
                l.duration("login-delay", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)),
                l.integer("max-sasl-line-length", SecurityKeys.DEFAULT_MAX_SASL_LINE_LENGTH, 255, 65_536),
                l.integer("listen-backlog", LimitsConfig.DEFAULT_LISTEN_BACKLOG, 1, 65_535));
        WorkersConfig workers = WorkerKeys.read(l, root.section("lmtp"), listeners, limits.maxConnections());
        l.rejectUnknownKeys();

        ConfigNode a = root.section("auth");
        AuthConfig auth = new AuthConfig(
                NetworkSet.parse(a.keyPath("plaintext-networks"),
                        a.strings("plaintext-networks", List.of("127.0.0.0/8", "::1/128"))),
                a.duration("failure-delay", Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(1)),
                a.duration("cache-ttl", Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1)),
                a.integer("cache-size", 10_000, 0, 10_000_000),
                a.integer("hash-threads", Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 1, 256),
                SecurityKeys.mechanisms(a),
                a.bool("apop", false),
                a.duration("penalty-initial", SecurityKeys.DEFAULT_PENALTY_INITIAL, Duration.ZERO, Duration.ofMinutes(1)),
                a.duration("penalty-max", SecurityKeys.DEFAULT_PENALTY_MAX, Duration.ZERO, Duration.ofMinutes(10)),
                SecurityKeys.oauth(a, baseDir));
        SecurityKeys.checkPenalties(a, auth.penaltyInitial(), auth.penaltyMax());
        a.rejectUnknownKeys();

        ConfigNode s = root.section("store");
        String type = s.string("type", "maildir");
        Map<String, Object> storeSettings = s.asMap();
        storeSettings.remove("type");
        if (type.equals("maildir") && !storeSettings.containsKey("path")) {
            storeSettings.put("path", "./data");
        }
        StoreConfig store = new StoreConfig(type, Map.copyOf(storeSettings), baseDir);

        ConfigNode g = root.section("logging");
        String level = g.string("level", "info").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException("logging.level", "'" + level + "' is not a log level; use one of error, warn, info, debug, trace");
        }
        LogFormat logFormat = ObservabilityKeys.logFormat(g);
        g.rejectUnknownKeys();
        MetricsConfig metrics = ObservabilityKeys.metrics(root.section("metrics"), listeners);
        ConfigNode adminSection = root.section("admin");
        Optional<AdminConfig> admin = adminSection.present()
                ? Optional.of(AdminKeys.read(adminSection, listeners, metrics, t -> tls(t, baseDir)))
                : Optional.empty();
        QuotaWarningsConfig quotaWarnings = QuotaWarningsConfig.read(root.section("quota-warnings"), baseDir);
        HistoryRetention history = history(root.section("history"));
        RetentionConfig retention = RetentionConfig.read(root.section("retention"));
        root.rejectUnknownKeys();
        return new PostboxConfig(listeners, limits, auth, store, new LoggingConfig(level, logFormat), tls, metrics,
                workers, admin, quotaWarnings, history, retention);
    }

    /** {@code history:}: how long and how much of each mailbox's logins and deletions are kept. */
    private static HistoryRetention history(ConfigNode h) {
        HistoryRetention history = new HistoryRetention(
                h.duration("keep", HistoryRetention.DEFAULTS.keep(), Duration.ofDays(1), Duration.ofDays(3660)),
                h.integer("max-events", HistoryRetention.DEFAULTS.maxEvents(), 1, 100_000));
        h.rejectUnknownKeys();
        return history;
    }

    private static ListenerConfig listener(ConfigNode n, TlsConfig tls, Path baseDir) {
        String protocol = n.string("protocol", "pop3").toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new ConfigException(n.keyPath("protocol"), "'" + protocol + "' is not a known protocol; use one of " + PROTOCOLS);
        }
        String name = n.string("name", protocol);
        String address = n.string("address", "127.0.0.1");
        NetworkSet.ipLiteral(n.keyPath("address"), address, "write an IP address such as 127.0.0.1, 0.0.0.0 or ::");
        if (protocol.equals(ListenerConfig.LMTP)) {
            // Only LMTP's own keys: TLS, PROXY and default-domain are then "unknown key" errors.
            int port = n.integer("port", LmtpListenerConfig.DEFAULT_PORT, 0, 65_535);
            return ListenerConfig.lmtp(name, address, port, LmtpKeys.read(n, baseDir));
        }
        int port = n.integer("port", 1110, 0, 65_535);
        Optional<String> defaultDomain = n.optionalString("default-domain").map(d -> {
            try {
                return org.postbox.mailstore.DomainName.normalise(d);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(n.keyPath("default-domain"), e.getMessage());
            }
        });
        TlsMode tlsMode = n.optionalString("tls").map(text -> TlsMode.parse(n.keyPath("tls"), text))
                .orElse(defaultTlsMode(tls));
        if (tlsMode != TlsMode.NONE && !tls.configured()) {
            throw new ConfigException(n.keyPath("tls"), "'" + tlsMode.configName() + "' needs a certificate: add"
                    + " tls.certificates with the cert and key files, or set tls: none");
        }
        return new ListenerConfig(name, protocol, address, port, defaultDomain, tlsMode, SecurityKeys.proxyProtocol(n));
    }

    private static TlsMode defaultTlsMode(TlsConfig tls) {
        return tls.configured() ? TlsMode.STARTTLS : TlsMode.NONE;
    }

    private static TlsConfig tls(ConfigNode t, Path baseDir) {
        List<CertificateConfig> certificates = t.list("certificates", c -> certificate(c, baseDir), List.of());
        Optional<String> defaultName = t.optionalString("default").map(name -> HostNames.normalise(t.keyPath("default"), name));
        if (defaultName.isPresent() && certificates.isEmpty()) {
            throw new ConfigException(t.keyPath("default"), "there are no tls.certificates to choose from;"
                    + " add certificates or remove this key");
        }
        Duration reloadInterval = t.duration("reload-interval", Duration.ofSeconds(10), Duration.ZERO, Duration.ofDays(1));
        t.rejectUnknownKeys();
        return new TlsConfig(certificates, defaultName, reloadInterval);
    }

    private static CertificateConfig certificate(ConfigNode c, Path baseDir) {
        Path certificate = requiredPath(c, "cert", baseDir, "the certificate chain, e.g. /etc/letsencrypt/live/<host>/fullchain.pem");
        Path privateKey = requiredPath(c, "key", baseDir, "the private key, e.g. /etc/letsencrypt/live/<host>/privkey.pem");
        List<String> given = c.strings("names", List.of());
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            names.add(HostNames.normalise(c.keyPath("names") + "[" + i + "]", given.get(i)));
        }
        return new CertificateConfig(c.path(), certificate, privateKey, List.copyOf(names));
    }

    private static Path requiredPath(ConfigNode c, String key, Path baseDir, String what) {
        String text = c.optionalString(key).orElseThrow(() -> new ConfigException(c.keyPath(key), "missing; give " + what));
        if (text.isBlank()) {
            throw new ConfigException(c.keyPath(key), "is empty; give " + what);
        }
        return baseDir.resolve(text).normalize();
    }

    private static void checkListeners(List<ListenerConfig> listeners) {
        Set<String> names = new HashSet<>();
        Set<String> binds = new HashSet<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig c = listeners.get(i);
            if (!names.add(c.name())) {
                throw new ConfigException("listeners[" + i + "].name", "'" + c.name() + "' is used twice; give each listener its own name");
            }
            if (c.port() != 0 && !binds.add(c.address() + ":" + c.port())) {
                throw new ConfigException("listeners[" + i + "].port", c.address() + ":" + c.port() + " is bound twice; give each listener its own address or port");
            }
        }
    }
}
