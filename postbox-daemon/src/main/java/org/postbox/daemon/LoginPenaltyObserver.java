package org.postbox.daemon;

import java.time.Duration;

/**
 * Told of each login attempt that is held back by its client's {@link LoginPenalties penalty},
 * with the wait, and of each refused because its password could not be checked within the login
 * timeout, for metrics. Called on the authenticator's threads; quick and never throws.
 */
@FunctionalInterface
public interface LoginPenaltyObserver {

    /** Reports nothing. */
    LoginPenaltyObserver NONE = wait -> {
    };

    void delayed(Duration wait);

    /** An attempt was refused ({@code -ERR [SYS/TEMP]}): its slow hash could not have finished within the login timeout. */
    default void refusedOverloaded() {
    }
}
