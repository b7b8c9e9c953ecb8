package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code UTF8} (RFC 6856 section 2): from now on user names and passwords are UTF-8 and compared
 * as SASLprep (RFC 4013) prepares them. Messages are sent as stored either way: Postbox never
 * downgrades internationalised mail.
 *
 * <pre>
 * C: UTF8
 * S: +OK UTF8 enabled
 * </pre>
 */
final class Utf8Command implements ImmediateCommandHandler<Pop3Command.Utf8> {

    @Override
    public Pop3Reply reply(Pop3Command.Utf8 command, Pop3Session session) {
        session.login().enableUtf8();
        return new Pop3Reply.Ok("UTF8 enabled");
    }
}
