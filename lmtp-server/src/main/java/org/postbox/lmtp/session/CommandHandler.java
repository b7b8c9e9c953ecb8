package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.session.command.ImmediateHandler;

/**
 * Handles one kind of command, within the call: runs on a worker thread and may block on the
 * store. The dispatch step calls it only in the phases of its row in {@link LmtpCommandTable},
 * and owns everything common to all commands: the sequence check, the bad-command count,
 * failures.
 */
interface CommandHandler<C extends LmtpCommand> extends ImmediateHandler<C, LmtpSession, LmtpReply> {
}
