package org.postbox.pop3.server;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.postbox.mailstore.MailboxAddress;

/**
 * Checks a login name and password. Implementations never run a slow password hash on the
 * calling thread, and apply the failed-login delay with a timer before completing a failure.
 */
public interface Authenticator {

    /**
     * @param address the mailbox the client named (default domain already applied)
     * @param password the password as sent
     * @param remote the client's address, for logs and penalties
     */
    CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, InetSocketAddress remote);

    /** The outcome of one authentication attempt. */
    sealed interface AuthResult {
        record Success(MailboxAddress address) implements AuthResult {
        }

        /** Wrong name or password; the text never tells which. */
        record Failure() implements AuthResult {
        }

        /** The directory could not be consulted now. */
        record Unavailable(String reason) implements AuthResult {
        }
    }
}
