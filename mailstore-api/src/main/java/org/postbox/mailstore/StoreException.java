package org.postbox.mailstore;

/**
 * A typed failure at the store boundary. Each subtype maps to exactly one POP3 response code
 * and one LMTP reply, in one place each in the protocol layers.
 */
public abstract sealed class StoreException extends RuntimeException
        permits AliasConflictException, AlreadyExistsException, DomainNotEmptyException, LockLostException,
        MaildropLockedException, NoSuchAdminTokenException, NoSuchAliasException,
        MessageVanishedException, NoSuchAppPasswordException, NoSuchDomainException, NoSuchMailboxException,
        QuotaExceededException, StoreConfigException, StoreUnavailableException {

    protected StoreException(String message) {
        super(message);
    }

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
