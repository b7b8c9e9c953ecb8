package org.postbox.lmtp.session;

import java.util.List;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/**
 * {@code LHLO} (RFC 2033 section 4.1): records the client's name, discards any transaction, and
 * lists the extensions, which are exactly what this server implements.
 *
 * <pre>
 * C: LHLO mx.example.net
 * S: 250-mail.example.com
 * S: 250-PIPELINING
 * S: 250-ENHANCEDSTATUSCODES
 * S: 250-8BITMIME
 * S: 250 SIZE 52428800
 * </pre>
 */
final class LhloCommand implements CommandHandler<LmtpCommand.Lhlo> {

    private final LmtpReply reply;

    LhloCommand(String hostname, long maxMessageSize) {
        // RFC 2034 section 3: no enhanced status code in the LHLO reply, which announces them.
        this.reply = new LmtpReply(250, null,
                List.of(hostname, "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SIZE " + maxMessageSize));
    }

    @Override
    public LmtpReply reply(LmtpCommand.Lhlo command, LmtpSession session) {
        session.greetedBy(command.clientName());
        return reply;
    }
}
