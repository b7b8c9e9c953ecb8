package org.postbox.daemon.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.postbox.config.CertificateConfig;
import org.postbox.config.ConfigException;
import org.postbox.config.TlsConfig;

/**
 * The certificates loaded from one reading of the configured files, indexed by host name:
 * immutable, so that a handshake never sees a half-replaced set, and built completely before any
 * handshake uses it.
 *
 * <p>Choosing is by the SNI host name (RFC 6066 section 3): an exact name first, then a
 * {@code *.parent} wildcard covering exactly one more label (RFC 6125 section 6.4.3), then the
 * default. Each of those may hold an RSA and an EC certificate; the one of the key type JSSE
 * asks for is taken. Where several certificates claim a name for one key type, the first listed
 * wins. Nothing is created or remembered per requested name, so clients sending random names
 * cannot make the set grow.
 */
final class CertificateSet {

    /** A certificate under the alias JSSE knows it by. */
    private record Entry(String alias, CertifiedKey key) {
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byAlias;
    private final Map<String, List<Entry>> byName;
    private final Map<String, List<Entry>> byWildcardParent;
    private final List<Entry> defaults;
    private final String defaultName;

    private CertificateSet(List<CertifiedKey> keys, String defaultName) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> aliases = new HashMap<>();
        // Case-insensitive, so a client sending MAIL.Example.COM finds mail.example.com without a copy.
        Map<String, List<Entry>> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<Entry>> wildcards = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < keys.size(); i++) {
            Entry entry = new Entry("postbox-" + i, keys.get(i));
            entries.add(entry);
            aliases.put(entry.alias(), entry);
            for (String name : entry.key().names()) {
                names.computeIfAbsent(name, n -> new ArrayList<>()).add(entry);
                if (name.startsWith("*.")) {
                    wildcards.computeIfAbsent(name.substring(2), n -> new ArrayList<>()).add(entry);
                }
            }
        }
        this.entries = List.copyOf(entries);
        this.byAlias = Map.copyOf(aliases);
        this.byName = Collections.unmodifiableMap(names);
        this.byWildcardParent = Collections.unmodifiableMap(wildcards);
        this.defaultName = defaultName;
        this.defaults = defaultName == null ? List.of(entries.get(0)) : List.copyOf(names.get(defaultName));
    }

    /**
     * Whether {@code other} serves the same chains with the same keys under the same names and
     * default: certificates and keys compare by their encodings.
     */
    boolean sameAs(CertificateSet other) {
        return entries.equals(other.entries) && Objects.equals(defaultName, other.defaultName);
    }

    /**
     * Reads every configured certificate.
     *
     * @throws ConfigException naming the key of the first file that cannot be used
     */
    static CertificateSet load(TlsConfig config) {
        if (!config.configured()) {
            throw new ConfigException("tls.certificates", "no certificates are configured");
        }
        List<CertifiedKey> keys = new ArrayList<>();
        for (CertificateConfig certificate : config.certificates()) {
            keys.add(CertifiedKey.load(certificate));
        }
        String defaultName;
        if (config.defaultName().isPresent()) {
            defaultName = config.defaultName().get();
            if (keys.stream().noneMatch(key -> key.names().contains(defaultName))) {
                throw new ConfigException("tls.default", "'" + defaultName + "' is not a name of any certificate;"
                        + " the certificates answer to: " + allNames(keys));
            }
        } else {
            List<String> firstNames = keys.get(0).names();
            defaultName = firstNames.isEmpty() ? null : firstNames.get(0);
        }
        return new CertificateSet(keys, defaultName);
    }

    private static String allNames(List<CertifiedKey> keys) {
        List<String> names = new ArrayList<>();
        keys.forEach(key -> names.addAll(key.names()));
        return names.isEmpty() ? "(no names)" : String.join(", ", names);
    }

    /**
     * The alias of the certificate for a handshake, or null when none of the chosen certificates
     * has a key of {@code keyType} (JSSE then asks for its next acceptable type).
     *
     * @param serverName the SNI host name the client sent, or null
     */
    String chooseAlias(String keyType, String serverName) {
        List<Entry> candidates = null;
        if (serverName != null) {
            candidates = byName.get(serverName);
            int dot = serverName.indexOf('.');
            if (candidates == null && dot > 0) {
                candidates = byWildcardParent.get(serverName.substring(dot + 1));
            }
        }
        if (candidates == null) {
            candidates = defaults;
        }
        for (Entry candidate : candidates) {
            if (candidate.key().keyType().equalsIgnoreCase(keyType)) {
                return candidate.alias();
            }
        }
        return null;
    }

    /** Every alias with a key of {@code keyType}, or null when there is none (as JSSE expects). */
    String[] aliases(String keyType) {
        String[] matching = entries.stream().filter(entry -> entry.key().keyType().equalsIgnoreCase(keyType))
                .map(Entry::alias).toArray(String[]::new);
        return matching.length == 0 ? null : matching;
    }

    X509Certificate[] chain(String alias) {
        Entry entry = alias == null ? null : byAlias.get(alias);
        return entry == null ? null : entry.key().chain().toArray(X509Certificate[]::new);
    }

    PrivateKey privateKey(String alias) {
        Entry entry = alias == null ? null : byAlias.get(alias);
        return entry == null ? null : entry.key().privateKey();
    }

    /** For the log: each certificate with its names and expiry, and which answers by default. */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (Entry entry : entries) {
            parts.add(entry.key().describe());
        }
        return String.join("; ", parts) + "; default: " + (defaultName == null ? "the first certificate" : defaultName);
    }
}
