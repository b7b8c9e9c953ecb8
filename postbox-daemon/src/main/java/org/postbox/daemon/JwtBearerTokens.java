package org.postbox.daemon;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postbox.config.ConfigException;
import org.postbox.config.OAuthConfig;
import org.postbox.pop3.server.sasl.BearerTokenVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks OAuth 2.0 bearer tokens that are signed JWTs (RFC 7519, RFC 9068), with Nimbus JOSE+JWT:
 * the signature against the issuer's JSON Web Key Set with an allowed algorithm only (never
 * {@code none}, never a shared secret), then {@code iss}, {@code aud}, {@code exp} and
 * {@code nbf} (with the configured clock skew); the user is the configured claim.
 *
 * <p>The key set comes from a file, read again whenever it changes (a broken new file keeps the
 * old keys and is logged), or from the issuer's URL, cached and refreshed by Nimbus.
 */
final class JwtBearerTokens implements BearerTokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(JwtBearerTokens.class);
    private static final int ISSUER_CONNECT_TIMEOUT_MS = 2_000;
    private static final int ISSUER_READ_TIMEOUT_MS = 5_000;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String userClaim;

    private JwtBearerTokens(JWKSource<SecurityContext> keys, OAuthConfig config) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : config.algorithms()) {
            algorithms.add(JWSAlgorithm.parse(name));
        }
        processor = new DefaultJWTProcessor<>();
        // Plain JWTs and RFC 9068 access tokens; a token without "typ" is a plain JWT too.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(config.audience(),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                new HashSet<>(List.of("exp", config.userClaim())));
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, config.clockSkew().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
        this.userClaim = config.userClaim();
    }

    /**
     * @throws ConfigException when the key set file cannot be read or the URL is unusable
     */
    static JwtBearerTokens of(OAuthConfig config) {
        if (config.jwksFile().isPresent()) {
            return new JwtBearerTokens(new JwksFile(config.jwksFile().get()), config);
        }
        try {
            // Nimbus's own default gives the issuer 500 ms to connect and 500 ms to answer: a busy
            // or distant issuer then fails the fetch and its retry, and every bearer login with it.
            DefaultResourceRetriever retriever = new DefaultResourceRetriever(ISSUER_CONNECT_TIMEOUT_MS,
                    ISSUER_READ_TIMEOUT_MS, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
            return new JwtBearerTokens(JWKSourceBuilder.<SecurityContext>create(config.jwksUrl().orElseThrow().toURL(),
                    retriever).retrying(true).build(), config);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigException("auth.oauth.jwks-url", "cannot use " + config.jwksUrl().get() + ": " + e.getMessage());
        }
    }

    @Override
    public Verdict verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Object user = claims.getClaim(userClaim);
            if (!(user instanceof String name) || name.isBlank()) {
                return new Verdict.Invalid("claim " + userClaim + " is not a string");
            }
            return new Verdict.Valid(name);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return new Verdict.Invalid(e.getMessage());
        } catch (RuntimeException e) {
            // A key set that cannot be fetched, a malformed key: the token cannot be trusted either way.
            LOG.warn("bearer token check failed: {}", e.toString());
            return new Verdict.Invalid("token could not be checked");
        }
    }

    /** A key set file, read again when its modification time or size changes. */
    static final class JwksFile implements JWKSource<SecurityContext> {
        private final Path file;
        private volatile Loaded loaded;

        private record Loaded(JWKSet keys, FileTime modified, long size) {
        }

        JwksFile(Path file) {
            this.file = file;
            try {
                this.loaded = load();
            } catch (IOException | ParseException e) {
                throw new ConfigException("auth.oauth.jwks-file", "cannot read the key set " + file + ": " + e.getMessage());
            }
        }

        @Override
        public List<com.nimbusds.jose.jwk.JWK> get(com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext context) {
            return selector.select(current());
        }

        private JWKSet current() {
            Loaded now = loaded;
            try {
                if (!Files.getLastModifiedTime(file).equals(now.modified()) || Files.size(file) != now.size()) {
                    synchronized (this) {
                        now = load();
                        loaded = now;
                        LOG.info("reloaded the OAuth key set {}: {} keys", file, now.keys().getKeys().size());
                    }
                }
            } catch (IOException | ParseException e) {
                LOG.error("cannot reload the OAuth key set {}, keeping the keys read before: {}", file, e.getMessage());
            }
            return now.keys();
        }

        private Loaded load() throws IOException, ParseException {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            return new Loaded(JWKSet.parse(Files.readString(file)), modified, size);
        }
    }
}
