package org.postbox.pop3.server.command;

import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code USER name} (RFC 1939 section 7). The answer never tells whether the mailbox exists; a
 * name without a domain gets the listener's default domain.
 *
 * <pre>
 * C: USER alice@example.com
 * S: +OK send PASS
 * </pre>
 */
final class UserCommand implements ImmediateCommandHandler<Pop3Command.User> {

    @Override
    public Pop3Reply reply(Pop3Command.User command, Pop3Session session) {
        session.forgetUser();
        String name = command.name();
        if (name.indexOf('@') < 0) {
            Optional<String> domain = session.settings().defaultDomain();
            if (domain.isEmpty()) {
                return new Pop3Reply.Err(ResponseCode.AUTH, "log in with your full address, name@domain");
            }
            name = name + "@" + domain.get();
        }
        MailboxAddress address;
        try {
            address = MailboxAddress.parse(name);
        } catch (IllegalArgumentException invalid) {
            return ErrorReplies.AUTHENTICATION_FAILED;
        }
        session.rememberUser(address);
        return new Pop3Reply.Ok("send PASS");
    }
}
