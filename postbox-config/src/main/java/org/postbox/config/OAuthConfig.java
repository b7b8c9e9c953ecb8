package org.postbox.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How OAUTHBEARER (RFC 7628) and XOAUTH2 bearer tokens are checked: as signed JWTs (RFC 7519).
 * Exactly one of {@code jwksFile} and {@code jwksUrl} is set.
 *
 * @param jwksFile   a JSON Web Key Set file (RFC 7517) with the issuer's public keys, re-read when it changes
 * @param jwksUrl    where the issuer publishes its key set (fetched and cached)
 * @param issuer     the required {@code iss} claim
 * @param audience   the required {@code aud} value
 * @param userClaim  the claim naming the mailbox, e.g. {@code email}
 * @param algorithms the accepted signature algorithms (JWS names, e.g. RS256, ES256)
 * @param clockSkew  tolerance for {@code exp} and {@code nbf}
 */
public record OAuthConfig(Optional<Path> jwksFile, Optional<URI> jwksUrl, String issuer, String audience,
        String userClaim, List<String> algorithms, Duration clockSkew) {
}
