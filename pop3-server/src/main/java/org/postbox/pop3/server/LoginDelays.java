package org.postbox.pop3.server;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.postbox.mailstore.MailboxAddress;

/**
 * RFC 2449 LOGIN-DELAY: the least time between two logins to one mailbox. Remembers in memory when
 * each mailbox last logged in, for as long as that matters (the delay), and at most
 * {@value #CAPACITY} mailboxes: a forgotten mailbox may log in early, which is the harmless side
 * to err on. A restart forgets everything, for the same reason.
 */
public final class LoginDelays {

    static final int CAPACITY = 200_000;

    private final long delayNanos;
    private final LongSupplier nanoTime;
    // Insertion order is login order, so the eldest entry is always the first to expire.
    private final LinkedHashMap<MailboxAddress, Long> lastLogin = new LinkedHashMap<>();

    public LoginDelays(Duration delay, LongSupplier nanoTime) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the login delay must not be negative");
        }
        this.delayNanos = delay.toNanos();
        this.nanoTime = nanoTime;
    }

    /** No delay: every login is allowed at once. */
    public static LoginDelays none() {
        return new LoginDelays(Duration.ZERO, System::nanoTime);
    }

    public Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    public boolean enabled() {
        return delayNanos > 0;
    }

    /** How long {@code mailbox} must still wait before it may log in; zero when it may now. */
    public synchronized Duration remaining(MailboxAddress mailbox) {
        if (!enabled()) {
            return Duration.ZERO;
        }
        Long last = lastLogin.get(mailbox);
        if (last == null) {
            return Duration.ZERO;
        }
        long left = delayNanos - (nanoTime.getAsLong() - last);
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Records a login to {@code mailbox} now. */
    public synchronized void loggedIn(MailboxAddress mailbox) {
        if (!enabled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        lastLogin.remove(mailbox);
        lastLogin.put(mailbox, now);
        Iterator<Map.Entry<MailboxAddress, Long>> eldest = lastLogin.entrySet().iterator();
        while (eldest.hasNext()) {
            Map.Entry<MailboxAddress, Long> entry = eldest.next();
            if (lastLogin.size() > CAPACITY || now - entry.getValue() >= delayNanos) {
                eldest.remove();
            } else {
                break;
            }
        }
    }
}
