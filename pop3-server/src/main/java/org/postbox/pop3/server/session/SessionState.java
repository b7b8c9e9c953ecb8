package org.postbox.pop3.server.session;

/** The states of a POP3 session (RFC 1939 section 3). */
public enum SessionState {
    /** Before a successful login: only USER, PASS, APOP, QUIT and CAPA are meaningful. */
    AUTHORIZATION,
    /** The maildrop is open and locked; message commands are allowed. */
    TRANSACTION,
    /** QUIT was given in TRANSACTION: deletions are being applied; no further command is read. */
    UPDATE
}
