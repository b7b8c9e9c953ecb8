package org.postbox.daemon;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.session.Rfc5952;
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
 * The user name is a validated {@link MailboxAddress} (empty when the client named none that
 * could exist), and the method a bare SASL mechanism name, so a client cannot inject text (a
 * {@code >}, a line break) that would confuse the filter. A bearer token's failure also names the
 * mailbox the token was issued for, after the address ({@code token_user=bob@example.com}, no
 * angle brackets: the filter allows none there), since it may differ from the name asked for.
 * The address is in RFC 5952's form ({@code ::1}), as Dovecot writes it.
 */
final class LoginFailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(LoginFailureLog.class);

    private LoginFailureLog() {
    }

    /**
     * @param method    the SASL mechanism (PLAIN for USER/PASS, as Dovecot writes it), or APOP
     * @param tokenUser the mailbox a bearer token was issued for, when it named one
     */
    static void failed(Optional<MailboxAddress> user, Optional<MailboxAddress> tokenUser, String method,
            InetSocketAddress remote, Optional<String> session) {
        LOG.warn(line(user, tokenUser, method, remote, session));
    }

    static String line(MailboxAddress user, InetSocketAddress remote, Optional<String> session) {
        return line(Optional.of(user), "PLAIN", remote, session);
    }

    static String line(Optional<MailboxAddress> user, String method, InetSocketAddress remote, Optional<String> session) {
        return line(user, Optional.empty(), method, remote, session);
    }

    static String line(Optional<MailboxAddress> user, Optional<MailboxAddress> tokenUser, String method,
            InetSocketAddress remote, Optional<String> session) {
        StringBuilder line = new StringBuilder(160)
                .append("pop3-login: Disconnected (auth failed, 1 attempts): user=<").append(user.map(Object::toString).orElse(""))
                .append(">, method=").append(method(method)).append(", rip=").append(ip(remote));
        tokenUser.ifPresent(token -> line.append(", token_user=").append(token));
        session.filter(LoginFailureLog::isToken)
                .ifPresent(id -> line.append(", session=<").append(id).append('>'));
        return line.toString();
    }

    /** A mechanism name is one token of A-Z, 0-9, '-' and '_' (RFC 4422); anything else is written as UNKNOWN. */
    private static String method(String method) {
        boolean token = !method.isEmpty() && method.length() <= 20
                && method.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_');
        return token ? method : "UNKNOWN";
    }

    private static String ip(InetSocketAddress remote) {
        if (remote.getAddress() != null) {
            return Rfc5952.format(remote.getAddress());
        }
        String host = remote.getHostString();
        int scope = host.indexOf('%'); // an IPv6 zone id is no part of the address fail2ban bans
        return scope < 0 ? host : host.substring(0, scope);
    }

    // The filter expects the session id to be one token without '<' or '>'.
    private static boolean isToken(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '<' && c != '>');
    }
}
