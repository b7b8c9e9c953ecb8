package org.postbox.daemon;

import java.time.Duration;

/**
 * Told of each login attempt that is held back by its client's {@link LoginPenalties penalty},
 * with the wait, for metrics. Called on the authenticator's threads; quick and never throws.
 */
@FunctionalInterface
public interface LoginPenaltyObserver {

    /** Reports nothing. */
    LoginPenaltyObserver NONE = wait -> {
    };

    void delayed(Duration wait);
}
