package org.postbox.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How logins are checked.
 *
 * @param plaintextNetworks client networks allowed to send passwords in plain text (USER/PASS)
 * @param failureDelay      delay before a failed login is answered
 * @param cacheTtl          how long a verified password is remembered (0 disables the cache)
 * @param cacheSize         how many verified passwords are remembered at most
 * @param hashThreads       threads that run password hashing (slow on purpose)
 * @param mechanisms        the SASL mechanisms offered (RFC 5034), upper case, in CAPA order
 * @param apop              whether APOP (RFC 1939 section 7) is offered
 * @param penaltyInitial    the wait before the next attempt after a client address's first failure (0 disables penalties)
 * @param penaltyMax        the longest such wait; it doubles per failure up to this
 * @param oauth             how bearer tokens are checked, when OAUTHBEARER or XOAUTH2 is offered
 */
public record AuthConfig(NetworkSet plaintextNetworks, Duration failureDelay, Duration cacheTtl, int cacheSize,
        int hashThreads, List<String> mechanisms, boolean apop, Duration penaltyInitial, Duration penaltyMax,
        Optional<OAuthConfig> oauth) {

    /** The settings of a release without SASL options: default mechanisms and penalties. */
    public AuthConfig(NetworkSet plaintextNetworks, Duration failureDelay, Duration cacheTtl, int cacheSize,
            int hashThreads) {
        this(plaintextNetworks, failureDelay, cacheTtl, cacheSize, hashThreads, SecurityKeys.DEFAULT_MECHANISMS, false,
                SecurityKeys.DEFAULT_PENALTY_INITIAL, SecurityKeys.DEFAULT_PENALTY_MAX, Optional.empty());
    }
}
