package org.postbox.daemon;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per failed login, worded like Dovecot's so that fail2ban's stock {@code dovecot}
 * filter bans brute-force clients without a custom filter:
 *
 * <pre>
 * pop3-login: Disconnected (auth failed, 1 attempts): user=&lt;alice@example.com&gt;, method=PLAIN, rip=203.0.113.7, session=&lt;s-1f&gt;
 * </pre>
 *
 * The user name is a validated {@link MailboxAddress}, so a client cannot inject text (a
 * {@code >}, a line break) that would confuse the filter.
 */
final class LoginFailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(LoginFailureLog.class);

    private LoginFailureLog() {
    }

    static void failed(MailboxAddress user, InetSocketAddress remote, Optional<String> session) {
        LOG.warn(line(user, remote, session));
    }

    static String line(MailboxAddress user, InetSocketAddress remote, Optional<String> session) {
        StringBuilder line = new StringBuilder(160)
                .append("pop3-login: Disconnected (auth failed, 1 attempts): user=<").append(user)
                .append(">, method=PLAIN, rip=").append(ip(remote));
        session.filter(LoginFailureLog::isToken)
                .ifPresent(id -> line.append(", session=<").append(id).append('>'));
        return line.toString();
    }

    private static String ip(InetSocketAddress remote) {
        String ip = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        int scope = ip.indexOf('%'); // an IPv6 zone id is no part of the address fail2ban bans
        return scope < 0 ? ip : ip.substring(0, scope);
    }

    // The filter expects the session id to be one token without '<' or '>'.
    private static boolean isToken(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '<' && c != '>');
    }
}
