package org.postbox.pop3.server.command;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.Authenticator.Lookup;
import org.postbox.pop3.server.session.Pop3Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.postbox.pop3.server.session.SessionState;

/**
 * {@code APOP name digest} (RFC 1939 section 7): the digest is MD5 of the greeting's timestamp
 * followed by the password. Refused unless the listener offers APOP (its greeting then carries a
 * timestamp), and it works only for accounts whose password is stored in plain text, which is
 * why it is off by default.
 *
 * <pre>
 * S: +OK Postbox ready. &lt;1896.697170952@postbox&gt;
 * C: APOP alice@example.com c4c9334bac560ecc979e58001b3e22fb
 * S: +OK alice@example.com has 2 messages (320 octets)
 * </pre>
 */
final class ApopCommand implements CommandHandler<Pop3Command.Apop> {

    static final Pop3Reply.Err NOT_OFFERED = new Pop3Reply.Err(ResponseCode.AUTH, "APOP is not available on this server");

    private final Authenticator authenticator;
    private final Logins logins;

    ApopCommand(Authenticator authenticator, Logins logins) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.logins = Objects.requireNonNull(logins, "logins");
    }

    @Override
    public CompletionStage<Pop3Reply> handle(Pop3Command.Apop command, Pop3Session session) {
        session.forgetUser();
        Optional<String> timestamp = session.login().apopTimestamp();
        if (timestamp.isEmpty()) {
            return CompletableFuture.completedFuture(NOT_OFFERED);
        }
        Optional<MailboxAddress> mailbox = Logins.mailbox(command.name(), session);
        byte[] digest = digest(command.digest());
        if (mailbox.isEmpty() || digest == null) {
            return authenticator.conclude(mailbox, false, "APOP", session.remote())
                    .thenApplyAsync(result -> logins.after(result, "APOP", session), session.executor());
        }
        if (!Logins.claim(session, mailbox.get())) {
            return CompletableFuture.completedFuture(logins.unavailable(Logins.MAILBOX_LIMIT, session));
        }
        return authenticator.lookUp(mailbox.get(), session.remote()).thenComposeAsync(lookup -> {
            if (lookup instanceof Lookup.Unavailable unavailable) {
                return CompletableFuture.completedFuture(logins.unavailable(unavailable.reason(), session));
            }
            boolean verified = lookup instanceof Lookup.Found found
                    && found.secret().apopVerifies(timestamp.get(), digest);
            return authenticator.conclude(mailbox, verified, "APOP", session.remote())
                    .thenApplyAsync(result -> logins.after(result, "APOP", session), session.executor());
        }, session.executor());
    }

    /** 32 hex digits as 16 octets, else null. */
    private static byte[] digest(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT);
        if (lower.length() != 32 || !lower.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            return null;
        }
        return HexFormat.of().parseHex(lower);
    }
}
