package org.postbox.lmtp.session;

import java.io.IOException;
import java.nio.file.Path;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DATA}: opens the spool file and invites the message. Valid only once a recipient has
 * been accepted (RFC 2033 section 4.2: {@code 503} otherwise).
 */
final class DataCommand implements CommandHandler<LmtpCommand.Data> {

    private static final Logger LOG = LoggerFactory.getLogger(DataCommand.class);
    private static final LmtpReply GO_AHEAD = LmtpReply.of(354, "2.0.0", "start mail input; end with <CRLF>.<CRLF>");
    private static final LmtpReply NO_SPOOL = LmtpReply.of(451, "4.3.0", "cannot receive messages now, try again later");

    private final Path spoolDirectory;

    DataCommand(Path spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    @Override
    public LmtpReply reply(LmtpCommand.Data command, LmtpSession session) {
        try {
            session.transaction().beginMessage(spoolDirectory);
        } catch (IOException e) {
            LOG.warn("cannot create a spool file in {}: {}", spoolDirectory, e.toString());
            return NO_SPOOL;
        }
        session.phase(Phase.RECEIVING);
        return GO_AHEAD;
    }
}
