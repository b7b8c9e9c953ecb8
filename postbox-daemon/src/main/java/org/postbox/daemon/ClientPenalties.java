package org.postbox.daemon;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The failed-login penalty per client, as the daemon's other doors share it with POP3 logins
 * (the admin API's bearer tokens): a client guessing there waits as long as one guessing
 * passwords, and the other way round.
 */
public interface ClientPenalties {

    /** How long an attempt from {@code client} must wait before it is checked (see {@link LoginPenalties#admit}). */
    Duration admit(InetAddress client);

    /** Counts a wrong secret from {@code client}; repeating one of its recent wrong ones does not raise the penalty. */
    void failedSecret(InetAddress client, String secret);
}
