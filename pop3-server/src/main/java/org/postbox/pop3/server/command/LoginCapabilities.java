package org.postbox.pop3.server.command;

import java.util.ArrayList;
import java.util.List;
import org.postbox.pop3.server.sasl.SaslMechanism;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;

/**
 * The CAPA lines of logins and languages, for the session as it is now (RFC 2449, RFC 5034,
 * RFC 6856): SASL with exactly the mechanisms AUTH would accept, UTF8 before login, LANG, and
 * LOGIN-DELAY when one is enforced (RFC 2449 section 6.5). The delay is the longer of the
 * listener's ({@code limits.login-delay}) and the store's, which is per domain and per mailbox:
 * before login, when the store sets any, the least a mailbox has, followed by {@code USER} (it
 * may be longer for the user, who learns it from CAPA after login); after login the mailbox's own.
 */
final class LoginCapabilities {

    private LoginCapabilities() {
    }

    static List<String> of(Pop3Session session, MailboxLoginDelays loginDelays) {
        List<String> lines = new ArrayList<>();
        if (session.state() == SessionState.AUTHORIZATION) {
            List<String> mechanisms = new ArrayList<>();
            for (SaslMechanism mechanism : session.login().policy().mechanisms().all()) {
                if (!mechanism.sendsReusableSecret() || session.plaintextAllowed()) {
                    mechanisms.add(mechanism.name());
                }
            }
            if (!mechanisms.isEmpty()) {
                lines.add("SASL " + String.join(" ", mechanisms));
            }
            // "USER": UTF-8 names and passwords are welcome in USER and PASS too.
            lines.add("UTF8 USER");
        }
        lines.add("LANG");
        var delays = session.login().policy().limits().loginDelays();
        long listener = delays.enabled() ? Math.max(1, (delays.delay().toMillis() + 999) / 1000) : 0;
        if (session.state() == SessionState.AUTHORIZATION) {
            var least = loginDelays.least();
            if (least.isPresent()) {
                lines.add("LOGIN-DELAY " + Math.max(listener, least.get().toSeconds()) + " USER");
            } else if (listener > 0) {
                lines.add("LOGIN-DELAY " + listener);
            }
        } else {
            long mailbox = session.user().map(user -> loginDelays.of(user).toSeconds()).orElse(0L);
            if (Math.max(listener, mailbox) > 0) {
                lines.add("LOGIN-DELAY " + Math.max(listener, mailbox));
            }
        }
        return lines;
    }
}
