package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code STAT} (RFC 1939 section 5): count and octets of the undeleted messages.
 *
 * <pre>
 * C: STAT
 * S: +OK 2 320
 * </pre>
 */
final class StatCommand implements ImmediateCommandHandler<Pop3Command.Stat> {

    @Override
    public Pop3Reply reply(Pop3Command.Stat command, Pop3Session session) {
        return new Pop3Reply.Ok(session.visibleCount() + " " + session.visibleOctets());
    }
}
