package org.postbox.config;

import java.time.Duration;

/**
 * How logins are checked.
 *
 * @param plaintextNetworks client networks allowed to send passwords in plain text (USER/PASS)
 * @param failureDelay      delay before a failed login is answered
 * @param cacheTtl          how long a verified password is remembered (0 disables the cache)
 * @param cacheSize         how many verified passwords are remembered at most
 * @param hashThreads       threads that run password hashing (slow on purpose)
 */
public record AuthConfig(NetworkSet plaintextNetworks, Duration failureDelay, Duration cacheTtl, int cacheSize,
        int hashThreads) {
}
