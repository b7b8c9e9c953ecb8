package org.postbox.mailstore;

/** What an admin API token may do: read only, or read and change. */
public enum AdminScope {
    READ,
    WRITE;

    /** Whether a token of this scope may do what {@code needed} allows. */
    public boolean allows(AdminScope needed) {
        return this == WRITE || needed == READ;
    }
}
