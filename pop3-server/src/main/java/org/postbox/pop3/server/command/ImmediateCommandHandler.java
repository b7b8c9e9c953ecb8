package org.postbox.pop3.server.command;

import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.session.command.ImmediateHandler;

/** A command answered within the call: most commands, all but PASS and AUTH. */
interface ImmediateCommandHandler<C extends Pop3Command> extends CommandHandler<C>, ImmediateHandler<C, Pop3Session, Pop3Reply> {
}
