package org.postbox.pop3.server.session;

/**
 * The states of a POP3 session (RFC 1939 section 3), with the two sub-states of AUTHORIZATION in
 * which the client's next line is not an ordinary command. Which command is valid in which state
 * is declared in one place, {@code Pop3CommandTable}.
 */
public enum SessionState {
    /** Before a successful login: only USER, PASS, APOP, AUTH, STLS, QUIT, CAPA, UTF8 and LANG are meaningful. */
    AUTHORIZATION,
    /**
     * AUTH sent a challenge ({@code + data}): the client's next line answers it (RFC 5034 section
     * 4) and is read as a SASL response, which goes to the waiting exchange. A command line
     * instead breaks the exchange off and is handled in AUTHORIZATION.
     */
    AUTHORIZATION_SASL,
    /**
     * STLS was accepted (RFC 2595 section 4): TLS is put in place before the {@code +OK} goes out,
     * and nothing the client sends is read until the TLS handshake has completed; the first line
     * that comes through it returns the session to AUTHORIZATION.
     */
    AUTHORIZATION_STLS,
    /** The maildrop is open and locked; message commands are allowed. */
    TRANSACTION,
    /** QUIT was given in TRANSACTION: deletions are being applied; no further command is read. */
    UPDATE
}
