package org.postbox.admin;

import org.postbox.mailstore.AliasConflictException;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.DomainNotEmptyException;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.NoSuchAdminTokenException;
import org.postbox.mailstore.NoSuchAliasException;
import org.postbox.mailstore.NoSuchAppPasswordException;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaExceededException;
import org.postbox.mailstore.StoreConfigException;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * What kind of failure an administration request met, whoever asked: the CLI turns each into an
 * exit status, the admin API into an HTTP status and the {@code kind} of its problem details. The
 * one place where the store's typed exceptions are classified for administration.
 */
public enum ErrorKind {
    /** The request itself is wrong: a malformed address, an empty password, a bad file line. */
    INVALID,
    /** No such domain, mailbox, alias, app password or admin token. */
    NOT_FOUND,
    /** It contradicts what exists: exists already, domain not empty, alias target not a mailbox. */
    CONFLICT,
    /** A POP3 session holds the mailbox; try again when it has ended. */
    IN_USE,
    /** A limit is reached: the domain's mailboxes, the mailbox's app passwords, a quota. */
    OVER_LIMIT,
    /** The mailbox or its domain is suspended. */
    SUSPENDED,
    /** The store cannot answer now (down, misconfigured, a lock lost); try again later. */
    UNAVAILABLE,
    /** A defect in Postbox. */
    INTERNAL;

    /** The kind of {@code failure}, an exception an administration operation threw. */
    public static ErrorKind of(Throwable failure) {
        if (failure instanceof AdminException admin) {
            return admin.kind();
        }
        if (failure instanceof NoSuchDomainException || failure instanceof NoSuchMailboxException
                || failure instanceof NoSuchAppPasswordException || failure instanceof NoSuchAliasException
                || failure instanceof NoSuchAdminTokenException) {
            return NOT_FOUND;
        }
        if (failure instanceof AlreadyExistsException || failure instanceof DomainNotEmptyException
                || failure instanceof AliasConflictException) {
            return CONFLICT;
        }
        if (failure instanceof MaildropLockedException) {
            return IN_USE;
        }
        if (failure instanceof QuotaExceededException) {
            return OVER_LIMIT;
        }
        if (failure instanceof StoreUnavailableException || failure instanceof StoreConfigException
                || failure instanceof LockLostException || failure instanceof MessageVanishedException) {
            return UNAVAILABLE;
        }
        if (failure instanceof IllegalArgumentException) {
            // Values are checked by the SPI's records and the backends: a name a backend cannot store.
            return INVALID;
        }
        return INTERNAL;
    }
}
