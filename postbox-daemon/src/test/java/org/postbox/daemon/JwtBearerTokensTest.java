package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.ConfigException;
import org.postbox.config.OAuthConfig;
import org.postbox.pop3.server.sasl.BearerTokenVerifier.Verdict;

/**
 * Bearer tokens as signed JWTs, checked against a JWKS file, with keys made for the test (RSA and
 * EC) by Nimbus: signature and algorithm allow-list, iss, aud, exp, nbf, the user claim, and a
 * key set file that changes.
 */
class JwtBearerTokensTest {
    static final String ISSUER = "https://login.example.com";
    static final String AUDIENCE = "postbox";

    static RSAKey rsa;
    static ECKey ec;
    static RSAKey stranger;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    }

    static Path jwks(Path dir, JWKSet keys) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, keys.toPublicJWKSet().toString());
        return file;
    }

    static OAuthConfig config(Path jwks, List<String> algorithms) {
        return new OAuthConfig(Optional.of(jwks), Optional.empty(), ISSUER, AUDIENCE, "email", algorithms,
                Duration.ofSeconds(30));
    }

    static JWTClaimsSet.Builder claims(String email) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("248289761001")
                .claim("email", email).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String es256(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private JwtBearerTokens tokens() throws Exception {
        return JwtBearerTokens.of(config(jwks(dir, new JWKSet(List.of(rsa, ec))), List.of("RS256", "ES256")));
    }

    @Test
    void validTokensNameTheirUser() throws Exception {
        JwtBearerTokens tokens = tokens();
        assertThat(tokens.verify(rs256(rsa, claims("alice@example.com").build()))).isEqualTo(new Verdict.Valid("alice@example.com"));
        assertThat(tokens.verify(es256(ec, claims("bob@example.com").build()))).isEqualTo(new Verdict.Valid("bob@example.com"));
    }

    @Test
    void everyRuleIsEnforced() throws Exception {
        JwtBearerTokens tokens = tokens();
        Instant now = Instant.now();
        List<String> refused = List.of(
                rs256(stranger, claims("a@example.com").build()),
                rs256(rsa, claims("a@example.com").issuer("https://evil.example").build()),
                rs256(rsa, claims("a@example.com").audience("someone-else").build()),
                rs256(rsa, claims("a@example.com").expirationTime(Date.from(now.minusSeconds(120))).build()),
                rs256(rsa, claims("a@example.com").notBeforeTime(Date.from(now.plusSeconds(600))).build()),
                rs256(rsa, claims("a@example.com").expirationTime(null).build()),
                rs256(rsa, claims(null).build()),
                rs256(rsa, claims("a@example.com").claim("email", 42).build()),
                new PlainJWT(claims("a@example.com").build()).serialize(),
                hs256(claims("a@example.com").build()),
                "not.a.jwt",
                "");
        for (String token : refused) {
            assertThat(tokens.verify(token)).as(token).isInstanceOf(Verdict.Invalid.class);
        }
    }

    @Test
    void anAlgorithmOffTheListIsRefusedEvenWithTheRightKey() throws Exception {
        JwtBearerTokens rsaOnly = JwtBearerTokens.of(config(jwks(dir, new JWKSet(List.of(rsa, ec))), List.of("RS256")));
        assertThat(rsaOnly.verify(es256(ec, claims("a@example.com").build()))).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void theKeySetFileIsReadAgainWhenItChangesAndABrokenOneKeepsTheOldKeys() throws Exception {
        Path file = jwks(dir, new JWKSet(List.of(rsa)));
        JwtBearerTokens tokens = JwtBearerTokens.of(config(file, List.of("RS256", "ES256")));
        String ecToken = es256(ec, claims("a@example.com").build());
        assertThat(tokens.verify(ecToken)).isInstanceOf(Verdict.Invalid.class);

        Files.writeString(file, new JWKSet(List.of(rsa, ec)).toPublicJWKSet().toString());
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(tokens.verify(ecToken)).isEqualTo(new Verdict.Valid("a@example.com"));

        Files.writeString(file, "{ not json");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(tokens.verify(ecToken)).isEqualTo(new Verdict.Valid("a@example.com"));
    }

    @Test
    void anUnreadableKeySetStopsTheStartWithTheKeyNamed() {
        assertThatThrownBy(() -> JwtBearerTokens.of(config(dir.resolve("missing.json"), List.of("RS256"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth.oauth.jwks-file: cannot read the key set");
    }

    @Test
    void keysFromTheIssuersUrlAreFetchedOnceAndAnIssuerThatFailsRefusesTokens() throws Exception {
        // The issuer's key set over HTTP, as auth.oauth.jwks-url names it (here on loopback).
        AtomicInteger fetches = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(200);
        HttpServer issuer = issuer(fetches, status, Duration.ZERO);
        try {
            JwtBearerTokens tokens = fetchingFrom(issuer);

            assertThat(tokens.verify(rs256(rsa, claims("alice@example.com").build())))
                    .isEqualTo(new Verdict.Valid("alice@example.com"));
            assertThat(tokens.verify(rs256(rsa, claims("bob@example.com").build())))
                    .isEqualTo(new Verdict.Valid("bob@example.com"));
            assertThat(fetches).as("the key set is cached, not fetched per token").hasValue(1);
            // Same key id, other key: signature check against the cached key fails.
            assertThat(tokens.verify(rs256(stranger, claims("alice@example.com").build()))).isInstanceOf(Verdict.Invalid.class);

            // A key id the cache lacks makes it ask the issuer again; an issuer failing then means no login.
            status.set(503);
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
            assertThat(tokens.verify(rs256(unknown, claims("alice@example.com").build()))).isInstanceOf(Verdict.Invalid.class);
        } finally {
            issuer.stop(0);
        }
    }

    @Test
    void anIssuerThatTakesASecondToAnswerIsWaitedFor() throws Exception {
        // Nimbus's default read timeout (500 ms) gave up on such an issuer, and on its retry too.
        AtomicInteger fetches = new AtomicInteger();
        HttpServer issuer = issuer(fetches, new AtomicInteger(200), Duration.ofSeconds(1));
        try {
            assertThat(fetchingFrom(issuer).verify(rs256(rsa, claims("alice@example.com").build())))
                    .isEqualTo(new Verdict.Valid("alice@example.com"));
            assertThat(fetches).hasValue(1);
        } finally {
            issuer.stop(0);
        }
    }

    /** An issuer on loopback serving {@code rsa}'s public key set after {@code delay}, with {@code status}. */
    private HttpServer issuer(AtomicInteger fetches, AtomicInteger status, Duration delay) throws IOException {
        byte[] body = new JWKSet(List.of(rsa)).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        HttpServer issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            try {
                Thread.sleep(delay.toMillis()); // the issuer being slow is what is tested, not a wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            int code = status.get();
            exchange.sendResponseHeaders(code, code == 200 ? body.length : -1);
            if (code == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        // Its own threads: a delayed answer must not hold up the next request.
        issuer.setExecutor(Executors.newCachedThreadPool());
        issuer.start();
        return issuer;
    }

    private static JwtBearerTokens fetchingFrom(HttpServer issuer) {
        URI url = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks.json");
        return JwtBearerTokens.of(new OAuthConfig(Optional.empty(), Optional.of(url), ISSUER,
                AUDIENCE, "email", List.of("RS256"), Duration.ofSeconds(30)));
    }

    private static String hs256(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(new byte[32]));
        return jwt.serialize();
    }
}
