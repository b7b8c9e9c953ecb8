package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code NOOP} (RFC 1939 section 5).
 *
 * <pre>
 * C: NOOP
 * S: +OK
 * </pre>
 */
final class NoopCommand implements ImmediateCommandHandler<Pop3Command.Noop> {

    @Override
    public Pop3Reply reply(Pop3Command.Noop command, Pop3Session session) {
        return new Pop3Reply.Ok("");
    }
}
