package org.postbox.pop3.server;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.postbox.mailstore.MailboxAddress;

/**
 * Checks a login name and password. Implementations never run a slow password hash on the
 * calling thread, and apply the failed-login delay with a timer before completing a failure.
 *
 * <p>Challenge-response mechanisms (SCRAM, CRAM-MD5, APOP) and bearer tokens do not hand over a
 * password: they {@link #lookUp} the stored credential, check the client's proof themselves, and
 * {@link #conclude} the attempt, which applies the same failure delay, penalty and log line as a
 * wrong password. Implementations that cannot look credentials up keep the defaults, and those
 * mechanisms then fail as unavailable.
 */
public interface Authenticator {

    /**
     * A user name or password sent after UTF8 (RFC 6856 section 2), in the form this
     * authenticator compares it in: SASLprep (RFC 4013) for one that keeps what SASLprep makes of
     * passwords. Empty when the text holds characters the preparation prohibits. The default
     * leaves the text as it is.
     */
    default Optional<String> prepare(String text) {
        return Optional.of(text);
    }

    /**
     * @param address the mailbox the client named (default domain already applied)
     * @param password the password as sent
     * @param remote the client's address, for logs and penalties
     */
    CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, InetSocketAddress remote);

    /**
     * As {@link #authenticate(MailboxAddress, String, InetSocketAddress)}, naming the mechanism
     * that carried the password ({@code PLAIN}, {@code LOGIN}, {@code USER} for USER/PASS) for the
     * failed-login log.
     */
    default CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, String method,
            InetSocketAddress remote) {
        return authenticate(address, password, remote);
    }

    /**
     * The stored credential of {@code address}, for a mechanism that checks a proof itself.
     * Completes after any penalty this client has earned, like a password check would.
     */
    default CompletionStage<Lookup> lookUp(MailboxAddress address, InetSocketAddress remote) {
        return CompletableFuture.completedFuture(new Lookup.Unavailable("credential look-up not supported"));
    }

    /**
     * Ends an attempt whose proof the caller checked: {@link AuthResult.Success} at once when
     * {@code verified}, otherwise {@link AuthResult.Failure} after the failure delay, with the
     * penalty and the failed-login line a wrong password gets.
     *
     * @param address   the mailbox the client named, empty when it named none that could exist
     * @param tokenUser for a bearer token, the mailbox it was issued for, logged beside the name
     *                  the client asked for; empty otherwise
     * @param method    the mechanism, for the failed-login log
     */
    default CompletionStage<AuthResult> conclude(Optional<MailboxAddress> address, Optional<MailboxAddress> tokenUser,
            boolean verified, String method, InetSocketAddress remote) {
        if (verified) {
            return CompletableFuture.completedFuture(new AuthResult.Success(address.orElseThrow(
                    () -> new IllegalArgumentException("a verified attempt names its mailbox"))));
        }
        return CompletableFuture.completedFuture(new AuthResult.Failure());
    }

    /** {@link #conclude(Optional, Optional, boolean, String, InetSocketAddress)} without a bearer token. */
    default CompletionStage<AuthResult> conclude(Optional<MailboxAddress> address, boolean verified, String method,
            InetSocketAddress remote) {
        return conclude(address, Optional.empty(), verified, method, remote);
    }

    /** The outcome of one authentication attempt. */
    sealed interface AuthResult {
        record Success(MailboxAddress address) implements AuthResult {
        }

        /** Wrong name or password; the text never tells which. */
        record Failure() implements AuthResult {
        }

        /**
         * The credentials are right, but the mailbox may not log in over POP3 now (its own or its
         * domain's setting): not a failed attempt, and the client is told so.
         */
        record Pop3Disabled(MailboxAddress address) implements AuthResult {
        }

        /** The directory could not be consulted now. */
        record Unavailable(String reason) implements AuthResult {
        }
    }

    /** What {@link #lookUp} found. */
    sealed interface Lookup {
        /** The account exists; what a mechanism may check against its stored password. */
        record Found(MailboxAddress address, StoredSecret secret) implements Lookup {
            public Found {
                Objects.requireNonNull(address, "address");
                Objects.requireNonNull(secret, "secret");
            }

            @Override
            public String toString() {
                return "Found[" + address + "]";
            }
        }

        /** No such mailbox. */
        record Missing() implements Lookup {
        }

        /** The directory could not be consulted now. */
        record Unavailable(String reason) implements Lookup {
        }
    }
}
