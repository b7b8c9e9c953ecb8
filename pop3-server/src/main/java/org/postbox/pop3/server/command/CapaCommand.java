package org.postbox.pop3.server.command;

import java.util.ArrayList;
import java.util.List;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;

/**
 * {@code CAPA} (RFC 2449 section 5), computed from the session as it is now, so that what is
 * advertised is exactly what works: USER only before login and only where plaintext is allowed
 * (under TLS, or from a trusted network), STLS only before login and before TLS, and the
 * retention of the mailbox once it is known ({@link AdvertisedExpire}).
 *
 * <pre>
 * C: CAPA
 * S: +OK capability list follows
 * S: TOP
 * S: USER
 * ...
 * S: .
 * </pre>
 */
final class CapaCommand implements ImmediateCommandHandler<Pop3Command.Capa> {

    private final MailboxLoginDelays loginDelays;
    private final AdvertisedExpire expire;

    /**
     * @param loginDelays the store's LOGIN-DELAY, advertised before and after login
     * @param expire      the store's EXPIRE, advertised before and after login
     */
    CapaCommand(MailboxLoginDelays loginDelays, AdvertisedExpire expire) {
        this.loginDelays = java.util.Objects.requireNonNull(loginDelays, "loginDelays");
        this.expire = java.util.Objects.requireNonNull(expire, "expire");
    }

    @Override
    public Pop3Reply reply(Pop3Command.Capa command, Pop3Session session) {
        List<String> capabilities = new ArrayList<>();
        capabilities.add("TOP");
        if (session.state() == SessionState.AUTHORIZATION && session.plaintextAllowed()) {
            capabilities.add("USER");
        }
        // RFC 2595 section 4: STLS is advertised only while it can be used.
        if (session.state() == SessionState.AUTHORIZATION && session.startTlsAvailable()) {
            capabilities.add("STLS");
        }
        capabilities.add("UIDL");
        capabilities.add("RESP-CODES");
        capabilities.add("AUTH-RESP-CODE");
        capabilities.add("PIPELINING");
        capabilities.add(expire.line(session));
        capabilities.addAll(LoginCapabilities.of(session, loginDelays));
        if (!session.settings().implementation().isBlank()) {
            capabilities.add("IMPLEMENTATION " + session.settings().implementation());
        }
        return Pop3Reply.Lines.of("capability list follows", capabilities);
    }
}
