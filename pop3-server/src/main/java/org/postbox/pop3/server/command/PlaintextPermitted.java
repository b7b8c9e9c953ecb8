package org.postbox.pop3.server.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * Precondition for USER and PASS: a password may travel in plain text only under TLS or from a
 * network the listener trusts ({@link Pop3Session#plaintextAllowed()}). A decorator, so the
 * commands themselves stay about the protocol.
 */
final class PlaintextPermitted<C extends Pop3Command> implements CommandHandler<C> {

    static final Pop3Reply.Err REFUSED =
            new Pop3Reply.Err(ResponseCode.AUTH, "plaintext authentication requires TLS; use STLS");

    private final CommandHandler<C> inner;

    PlaintextPermitted(CommandHandler<C> inner) {
        this.inner = inner;
    }

    @Override
    public CompletionStage<Pop3Reply> handle(C command, Pop3Session session) {
        if (!session.plaintextAllowed()) {
            session.forgetUser();
            return CompletableFuture.completedFuture(REFUSED);
        }
        return inner.handle(command, session);
    }
}
