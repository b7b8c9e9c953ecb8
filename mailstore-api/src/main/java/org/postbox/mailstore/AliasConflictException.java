package org.postbox.mailstore;

/**
 * A change that would break the aliases: an alias whose target is no mailbox (unknown, or an
 * alias, which could make a loop), an alias of a domain that does not exist, or removing a
 * mailbox that is still an alias's target. The message says which and what to do.
 */
public final class AliasConflictException extends StoreException {
    public AliasConflictException(String message) {
        super(message);
    }
}
