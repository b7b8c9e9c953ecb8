package org.postbox.lmtp.session;

import java.util.Set;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;

/**
 * Handles one kind of command. The engine calls it only in the phases it declares, and owns
 * everything common to all commands: the sequence check, the bad-command count, failures.
 */
interface CommandHandler<C extends LmtpCommand> {

    Set<Phase> validIn();

    /** Runs on a worker thread; may block on the store. */
    LmtpReply handle(C command, LmtpSession session);
}
