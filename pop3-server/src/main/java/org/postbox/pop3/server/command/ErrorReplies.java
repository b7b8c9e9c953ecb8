package org.postbox.pop3.server.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaExceededException;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.session.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become POP3 replies (RFC 2449 / RFC 3206 response codes). The
 * client gets a fixed text: never an exception message, never a stack trace.
 */
public final class ErrorReplies {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

    /** Same text as a wrong password, so that a reply never tells which part was wrong. */
    public static final Pop3Reply.Err AUTHENTICATION_FAILED = new Pop3Reply.Err(ResponseCode.AUTH, "authentication failed");
    /** The worker pool and its queue are full: the session ends, and the client may come back. */
    public static final Pop3Reply.Err SERVER_BUSY = new Pop3Reply.Err(ResponseCode.SYS_TEMP, "server busy, try again later");

    private ErrorReplies() {
    }

    /**
     * The reply for a failure while handling a command of {@code session}. Unexpected failures
     * are logged once and end the session, since its state can no longer be trusted.
     */
    public static Pop3Reply.Err of(Throwable failure, Pop3Session session) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreException storeFailure) {
            return ofStore(storeFailure, session);
        }
        if (cause instanceof RejectedExecutionException) {
            // Work that was to continue on a worker (after a login check) found the pool full.
            LOG.warn("worker pool full, ending the session: {}", cause.getMessage());
            session.requestClose(EndReason.BUSY);
            return SERVER_BUSY;
        }
        if (cause instanceof IOException || cause instanceof UncheckedIOException) {
            LOG.warn("reading from the mail store failed: {}", cause.toString());
            return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "mail store temporarily unavailable, try again later");
        }
        LOG.error("internal error in session, closing it", cause);
        session.requestClose(EndReason.ERROR);
        return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "internal error");
    }

    private static Pop3Reply.Err ofStore(StoreException failure, Pop3Session session) {
        if (failure instanceof LockLostException) {
            LOG.warn("maildrop lock lost: {}", failure.getMessage());
            session.requestClose(EndReason.ERROR);
            return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "maildrop lock lost, no messages deleted");
        }
        if (session.state() == SessionState.UPDATE) {
            // RFC 1939 section 6: the UPDATE state reports a failed removal with exactly this text.
            LOG.warn("applying deletions failed: {}", failure.getMessage());
            return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "some deleted messages not removed");
        }
        if (failure instanceof MaildropLockedException) {
            return new Pop3Reply.Err(ResponseCode.IN_USE, "maildrop already locked by another session");
        }
        if (failure instanceof NoSuchMailboxException) {
            // The password matched an account whose mailbox is gone: answer like any failed login.
            LOG.warn("authenticated mailbox does not exist in the store: {}", failure.getMessage());
            return AUTHENTICATION_FAILED;
        }
        if (failure instanceof StoreUnavailableException) {
            LOG.warn("mail store unavailable: {}", failure.getMessage());
            return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "mail store temporarily unavailable, try again later");
        }
        if (failure instanceof QuotaExceededException) {
            // No POP3 command adds to a quota; should a store say so anyway, it will not pass by retrying.
            LOG.warn("mail store refused over quota: {}", failure.getMessage());
            return new Pop3Reply.Err(ResponseCode.SYS_PERM, "quota exceeded");
        }
        if (failure instanceof MessageVanishedException) {
            // Removed by another agent since the snapshot: from the client's view it no longer exists.
            LOG.info("message vanished from the maildrop: {}", failure.getMessage());
            return Pop3Reply.Err.of("no such message");
        }
        LOG.error("unexpected mail store failure", failure);
        return new Pop3Reply.Err(ResponseCode.SYS_PERM, "mail store error");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
