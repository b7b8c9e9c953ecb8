package org.postbox.pop3.server.sasl;

/**
 * The server side of one SASL mechanism (RFC 4422), shared by all sessions: each login gets its
 * own {@link SaslExchange} from {@link #start}.
 */
public interface SaslMechanism {

    /** The IANA name, upper case, as in {@code AUTH} and the CAPA {@code SASL} line. */
    String name();

    /**
     * Whether the client sends a reusable secret (a password or a bearer token) that anyone
     * reading the connection could replay: such mechanisms obey the same plaintext policy as
     * USER/PASS.
     */
    boolean sendsReusableSecret();

    /** A new exchange for one {@code AUTH} command. */
    SaslExchange start(SaslContext context);
}
