package org.postbox.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of logins and abuse defences: SASL mechanisms, penalties, OAuth, per-client limits and
 * the PROXY protocol. Read by {@link PostboxConfig}, kept apart so that its parts stay short.
 */
final class SecurityKeys {

    /** Every SASL mechanism Postbox implements, in the order CAPA lists them. */
    static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN", "SCRAM-SHA-256", "CRAM-MD5", "OAUTHBEARER", "XOAUTH2");
    /**
     * What works for every stored scheme. SCRAM-SHA-256 is not among them: it needs a mailbox stored
     * as {SCRAM-SHA-256}, and new mailboxes are stored as {ARGON2ID}. Keeping a SCRAM verifier beside
     * every ARGON2ID hash would make it work, but would hand whoever steals the passwd-file or the
     * database a 4096-round PBKDF2 to crack instead of the Argon2 hash: the operator opts in.
     */
    static final List<String> DEFAULT_MECHANISMS = List.of("PLAIN", "LOGIN");
    /** Asymmetric JWS algorithms only: a shared secret has no place in a published key set, and "none" never. */
    static final Set<String> JWS_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
            "ES384", "ES512", "EdDSA");

    static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 50;
    static final int DEFAULT_MAX_CONNECTIONS_PER_MAILBOX_IP = 10;
    static final int DEFAULT_MAX_AUTH_ATTEMPTS = 3;
    static final int DEFAULT_MAX_SASL_LINE_LENGTH = 16_384;
    static final Duration DEFAULT_PENALTY_INITIAL = Duration.ofSeconds(2);
    static final Duration DEFAULT_PENALTY_MAX = Duration.ofSeconds(15);

    private SecurityKeys() {
    }

    /** {@code listeners[].proxy-protocol}, {@code proxy-protocol-trusted}, {@code proxy-protocol-timeout}. */
    static ProxyProtocolConfig proxyProtocol(ConfigNode n) {
        boolean enabled = n.bool("proxy-protocol", false);
        List<String> trusted = n.strings("proxy-protocol-trusted", List.of());
        NetworkSet networks = NetworkSet.parse(n.keyPath("proxy-protocol-trusted"), trusted);
        Duration timeout = n.duration("proxy-protocol-timeout", Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMinutes(1));
        if (enabled && trusted.isEmpty()) {
            throw new ConfigException(n.keyPath("proxy-protocol-trusted"), "missing; list the proxies' addresses"
                    + " (e.g. [10.0.0.5/32]) or set proxy-protocol: false");
        }
        if (!enabled && !trusted.isEmpty()) {
            throw new ConfigException(n.keyPath("proxy-protocol-trusted"), "has no effect without proxy-protocol: true;"
                    + " enable it or remove this key");
        }
        return enabled ? new ProxyProtocolConfig(true, networks, timeout) : ProxyProtocolConfig.DISABLED;
    }

    /** {@code auth.mechanisms}: known names, no repeats, upper case. */
    static List<String> mechanisms(ConfigNode a) {
        List<String> given = a.strings("mechanisms", DEFAULT_MECHANISMS);
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String name = given.get(i).trim().toUpperCase(Locale.ROOT);
            if (!MECHANISMS.contains(name)) {
                throw new ConfigException(a.keyPath("mechanisms") + "[" + i + "]", "'" + given.get(i)
                        + "' is not a mechanism Postbox offers; use " + String.join(", ", MECHANISMS));
            }
            if (!chosen.add(name)) {
                throw new ConfigException(a.keyPath("mechanisms") + "[" + i + "]", name + " is listed twice");
            }
        }
        return List.copyOf(chosen);
    }

    /** {@code auth.oauth}, required when OAUTHBEARER or XOAUTH2 is among the mechanisms. */
    static Optional<OAuthConfig> oauth(ConfigNode a, Path baseDir) {
        List<String> mechanisms = mechanisms(a);
        ConfigNode o = a.section("oauth");
        boolean wanted = mechanisms.contains("OAUTHBEARER") || mechanisms.contains("XOAUTH2");
        Optional<String> file = o.optionalString("jwks-file");
        Optional<String> url = o.optionalString("jwks-url");
        Optional<String> issuer = o.optionalString("issuer");
        Optional<String> audience = o.optionalString("audience");
        String userClaim = o.string("user-claim", "email");
        List<String> algorithms = o.strings("algorithms", List.of("RS256", "ES256"));
        Duration skew = o.duration("clock-skew", Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(10));
        o.rejectUnknownKeys();
        boolean configured = file.isPresent() || url.isPresent() || issuer.isPresent() || audience.isPresent();
        if (!configured) {
            if (wanted) {
                throw new ConfigException(a.keyPath("oauth"), "missing; OAUTHBEARER and XOAUTH2 need jwks-file (or"
                        + " jwks-url), issuer and audience to check tokens");
            }
            return Optional.empty();
        }
        if (file.isPresent() == url.isPresent()) {
            throw new ConfigException(o.keyPath("jwks-file"), "give exactly one of jwks-file and jwks-url");
        }
        String iss = issuer.filter(s -> !s.isBlank()).orElseThrow(() -> new ConfigException(o.keyPath("issuer"),
                "missing; give the token issuer's iss value, e.g. https://login.example.com"));
        String aud = audience.filter(s -> !s.isBlank()).orElseThrow(() -> new ConfigException(o.keyPath("audience"),
                "missing; give the aud value the issuer puts in tokens for Postbox"));
        if (userClaim.isBlank()) {
            throw new ConfigException(o.keyPath("user-claim"), "is empty; name the claim that holds the mailbox address");
        }
        if (algorithms.isEmpty()) {
            throw new ConfigException(o.keyPath("algorithms"), "is empty; list at least one, e.g. [RS256]");
        }
        for (int i = 0; i < algorithms.size(); i++) {
            if (!JWS_ALGORITHMS.contains(algorithms.get(i))) {
                throw new ConfigException(o.keyPath("algorithms") + "[" + i + "]", "'" + algorithms.get(i)
                        + "' is not allowed; use one of " + String.join(", ", new java.util.TreeSet<>(JWS_ALGORITHMS)));
            }
        }
        Optional<URI> uri = url.map(text -> jwksUrl(o.keyPath("jwks-url"), text));
        return Optional.of(new OAuthConfig(file.map(f -> baseDir.resolve(f).normalize()), uri, iss, aud, userClaim,
                List.copyOf(new ArrayList<>(new LinkedHashSet<>(algorithms))), skew));
    }

    private static URI jwksUrl(String key, String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new ConfigException(key, "'" + text + "' is not an http(s) URL; e.g. https://login.example.com/jwks.json");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "'" + text + "' is not a URL; e.g. https://login.example.com/jwks.json");
        }
    }

    static void checkPenalties(ConfigNode a, Duration initial, Duration max) {
        if (!initial.isZero() && max.compareTo(initial) < 0) {
            throw new ConfigException(a.keyPath("penalty-max"), Durations.format(max) + " is below penalty-initial ("
                    + Durations.format(initial) + "); raise it, or set penalty-initial: 0s to turn penalties off");
        }
    }
}
