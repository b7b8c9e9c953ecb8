package org.postbox.admin.view;

import org.postbox.mailstore.LoginDelay;

/**
 * A mailbox's RFC 2449 LOGIN-DELAY in seconds: {@code {"address":"alice@example.com","own":null,
 * "domain":300,"effective":300}}.
 *
 * @param own       the mailbox's own delay, null when it takes its domain's
 * @param domain    its domain's delay, 0 for none
 * @param effective the delay in force: its own, else its domain's
 */
public record LoginDelayView(String address, Long own, long domain, long effective) {
    public static LoginDelayView of(String address, LoginDelay delay) {
        return new LoginDelayView(address, delay.mailbox().map(java.time.Duration::toSeconds).orElse(null),
                delay.domain().toSeconds(), delay.effective().toSeconds());
    }
}
