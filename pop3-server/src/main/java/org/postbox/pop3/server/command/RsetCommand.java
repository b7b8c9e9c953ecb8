package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code RSET} (RFC 1939 section 5): unmarks every message marked deleted.
 *
 * <pre>
 * C: RSET
 * S: +OK maildrop has 2 messages (320 octets)
 * </pre>
 */
final class RsetCommand implements ImmediateCommandHandler<Pop3Command.Rset> {

    @Override
    public Pop3Reply reply(Pop3Command.Rset command, Pop3Session session) {
        session.undeleteAll();
        return new Pop3Reply.Ok("maildrop has " + session.visibleCount() + " messages ("
                + session.visibleOctets() + " octets)");
    }
}
